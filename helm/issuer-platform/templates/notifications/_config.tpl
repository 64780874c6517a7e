{{/*
notifications: webhook delivery. The per-issuer signing secrets and bearer tokens are stored (sealed) by issuer-api,
see issuerApi.secretsEncryptionKey; retry and timeout settings go through notifications.env (WEBHOOK_*).
*/}}
{{- define "issuer-platform.notifications.config" }}{{ end }}
{{- define "issuer-platform.notifications.env" }}{{ end }}
{{- define "issuer-platform.notifications.envFrom" }}{{ end }}
{{- define "issuer-platform.notifications.volumes" }}{{ end }}
{{- define "issuer-platform.notifications.volumeMounts" }}{{ end }}
{{- define "issuer-platform.notifications.ingressPeers" }}{{ end }}
{{- define "issuer-platform.notifications.externalEgress" }}{{ end }}
