{{/* did-registry: the shared settings plus the allow-list of did:web resolution (OUTBOUND_ALLOWED_HOSTS). */}}
{{- define "issuer-platform.did-registry.config" }}
{{- include "issuer-platform.outboundAllowedHosts" . }}
{{- end }}
{{- define "issuer-platform.did-registry.env" }}{{ end }}
{{- define "issuer-platform.did-registry.envFrom" }}{{ end }}
{{- define "issuer-platform.did-registry.volumes" }}{{ end }}
{{- define "issuer-platform.did-registry.volumeMounts" }}{{ end }}
{{- define "issuer-platform.did-registry.ingressPeers" }}{{ end }}
{{- define "issuer-platform.did-registry.externalEgress" }}{{ end }}
