{{/* data-retention: the grace period of expired sessions (RETENTION_EXPIRED_GRACE); null keeps the service's default. */}}
{{- define "issuer-platform.data-retention.config" }}
{{- include "issuer-platform.optionalSetting" (list "RETENTION_EXPIRED_GRACE" .values.expiredGrace) }}
{{- end }}
{{- define "issuer-platform.data-retention.env" }}{{ end }}
{{- define "issuer-platform.data-retention.envFrom" }}{{ end }}
{{- define "issuer-platform.data-retention.volumes" }}{{ end }}
{{- define "issuer-platform.data-retention.volumeMounts" }}{{ end }}
{{- define "issuer-platform.data-retention.ingressPeers" }}{{ end }}
{{- define "issuer-platform.data-retention.externalEgress" }}{{ end }}
