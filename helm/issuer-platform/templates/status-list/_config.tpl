{{/* status-list: only the shared settings (see _helpers.tpl and the ConfigMap in _workload.tpl). */}}
{{- define "issuer-platform.status-list.config" }}{{ end }}
{{- define "issuer-platform.status-list.env" }}{{ end }}
{{- define "issuer-platform.status-list.envFrom" }}{{ end }}
{{- define "issuer-platform.status-list.volumes" }}{{ end }}
{{- define "issuer-platform.status-list.volumeMounts" }}{{ end }}
{{- define "issuer-platform.status-list.ingressPeers" }}{{ end }}
{{- define "issuer-platform.status-list.externalEgress" }}{{ end }}
