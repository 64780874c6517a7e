{{/* status-list: list size, caching and re-signing (STATUS_LIST_*); null settings keep the service's defaults. */}}
{{- define "issuer-platform.status-list.config" }}
{{- with .values.lists }}
{{- include "issuer-platform.optionalSetting" (list "STATUS_LIST_SIZE" .size) }}
{{- include "issuer-platform.optionalSetting" (list "STATUS_LIST_TTL_SECONDS" .ttlSeconds) }}
{{- include "issuer-platform.optionalSetting" (list "STATUS_LIST_VALIDITY_SECONDS" .validitySeconds) }}
{{- include "issuer-platform.optionalSetting" (list "STATUS_LIST_PUBLISH_INTERVAL_MS" .publishIntervalMs) }}
{{- end }}
{{- end }}
{{- define "issuer-platform.status-list.env" }}{{ end }}
{{- define "issuer-platform.status-list.envFrom" }}{{ end }}
{{- define "issuer-platform.status-list.volumes" }}{{ end }}
{{- define "issuer-platform.status-list.volumeMounts" }}{{ end }}
{{- define "issuer-platform.status-list.ingressPeers" }}{{ end }}
{{- define "issuer-platform.status-list.externalEgress" }}{{ end }}
