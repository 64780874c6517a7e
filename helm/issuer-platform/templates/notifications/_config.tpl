{{/*
notifications: webhook delivery. The per-issuer signing secrets and bearer tokens are stored (sealed) by issuer-api,
see issuerApi.secretsEncryptionKey; here: retries and timeouts (WEBHOOK_*), the durable consumer name and the
outbound allow-list. Null settings keep the service's defaults.
*/}}
{{- define "issuer-platform.notifications.config" }}
{{- include "issuer-platform.outboundAllowedHosts" . }}
{{- include "issuer-platform.optionalSetting" (list "NOTIFICATIONS_CONSUMER" .values.consumerName) }}
{{- with .values.webhooks }}
{{- include "issuer-platform.optionalSetting" (list "WEBHOOK_MAX_ATTEMPTS" .maxAttempts) }}
{{- include "issuer-platform.optionalSetting" (list "WEBHOOK_MAX_AGE" .maxAge) }}
{{- include "issuer-platform.optionalSetting" (list "WEBHOOK_TIMEOUT" .timeout) }}
{{- include "issuer-platform.optionalSetting" (list "WEBHOOK_RETRY_DELAYS" (join "," (.retryDelays | default list))) }}
{{- include "issuer-platform.optionalSetting" (list "WEBHOOK_CONCURRENCY" .concurrency) }}
{{- end }}
{{- end }}
{{- define "issuer-platform.notifications.env" }}{{ end }}
{{- define "issuer-platform.notifications.envFrom" }}{{ end }}
{{- define "issuer-platform.notifications.volumes" }}{{ end }}
{{- define "issuer-platform.notifications.volumeMounts" }}{{ end }}
{{- define "issuer-platform.notifications.ingressPeers" }}{{ end }}
{{- define "issuer-platform.notifications.externalEgress" }}{{ end }}
