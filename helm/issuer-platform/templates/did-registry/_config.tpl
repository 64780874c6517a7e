{{/* did-registry: only the shared settings (see _helpers.tpl and the ConfigMap in _workload.tpl). */}}
{{- define "issuer-platform.did-registry.config" }}{{ end }}
{{- define "issuer-platform.did-registry.env" }}{{ end }}
{{- define "issuer-platform.did-registry.envFrom" }}{{ end }}
{{- define "issuer-platform.did-registry.volumes" }}{{ end }}
{{- define "issuer-platform.did-registry.volumeMounts" }}{{ end }}
{{- define "issuer-platform.did-registry.ingressPeers" }}{{ end }}
{{- define "issuer-platform.did-registry.externalEgress" }}{{ end }}
