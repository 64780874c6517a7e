{{/* issuer-api: the HTTP edge. Token/nonce/proof lifetimes, the admin keys, the key sealing webhook secrets, and who may reach it. */}}
{{- define "issuer-platform.issuer-api.config" }}
  ACCESS_TOKEN_TTL: {{ .root.Values.config.accessTokenTtl | quote }}
  NONCE_TTL: {{ .root.Values.config.nonceTtl | quote }}
  PROOF_MAX_AGE: {{ .root.Values.config.proofMaxAge | quote }}
{{- end }}

{{- define "issuer-platform.issuer-api.env" }}
- name: ADMIN_API_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ include "issuer-platform.adminKeysSecret" .root }}
      key: {{ .root.Values.auth.adminApiKeys.existingSecretKey }}
- name: SECRETS_ENCRYPTION_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "issuer-platform.secretsEncryptionKeySecret" .root }}
      key: {{ .root.Values.issuerApi.secretsEncryptionKey.existingSecretKey }}
{{- end }}

{{- define "issuer-platform.issuer-api.envFrom" }}{{ end }}
{{- define "issuer-platform.issuer-api.volumes" }}{{ end }}
{{- define "issuer-platform.issuer-api.volumeMounts" }}{{ end }}
{{- define "issuer-platform.issuer-api.externalEgress" }}{{ end }}

{{/* The ingress controller (issuerApi.networkPolicy.ingressFrom) and the chart's own helm test pod. */}}
{{- define "issuer-platform.issuer-api.ingressPeers" }}
{{- with .values.networkPolicy.ingressFrom }}
{{ toYaml . }}
{{- end }}
- podSelector:
    matchLabels:
      {{- include "issuer-platform.selectorLabels" (dict "root" .root "component" "helm-test") | nindent 6 }}
{{- end }}
