{{/* data-retention: only the shared settings (see _helpers.tpl and the ConfigMap in _workload.tpl). */}}
{{- define "issuer-platform.data-retention.config" }}{{ end }}
{{- define "issuer-platform.data-retention.env" }}{{ end }}
{{- define "issuer-platform.data-retention.envFrom" }}{{ end }}
{{- define "issuer-platform.data-retention.volumes" }}{{ end }}
{{- define "issuer-platform.data-retention.volumeMounts" }}{{ end }}
{{- define "issuer-platform.data-retention.ingressPeers" }}{{ end }}
{{- define "issuer-platform.data-retention.externalEgress" }}{{ end }}
