{{/*
issuer-api: the HTTP edge. Token/nonce/proof lifetimes, data function and SSE bounds, the outbound allow-list, CORS,
rate limits and the proxies trusted with X-Forwarded-For, single sign-on for the admin API, the audit log's retention, the admin keys and the key sealing webhook secrets (both from Secrets), and who may reach it.
Settings left null are not rendered: the service's default applies (documented in values.yaml).
*/}}
{{- define "issuer-platform.issuer-api.config" }}
ACCESS_TOKEN_TTL: {{ .root.Values.config.accessTokenTtl | quote }}
NONCE_TTL: {{ .root.Values.config.nonceTtl | quote }}
PROOF_MAX_AGE: {{ .root.Values.config.proofMaxAge | quote }}
{{- include "issuer-platform.outboundAllowedHosts" . }}
{{- with .values.dataFunctions }}
{{- include "issuer-platform.optionalSetting" (list "DATA_FUNCTION_TIMEOUT" .timeout) }}
{{- include "issuer-platform.optionalSetting" (list "DATA_FUNCTION_MAX_BYTES" .maxBytes) }}
{{- end }}
{{- with .values.sse }}
{{- include "issuer-platform.optionalSetting" (list "SSE_HEARTBEAT_INTERVAL" .heartbeatInterval) }}
{{- include "issuer-platform.optionalSetting" (list "SSE_MAX_BUFFER_BYTES" .maxBufferBytes) }}
{{- include "issuer-platform.optionalSetting" (list "SSE_TOKEN_TTL" .tokenTtl) }}
{{- end }}
{{- with .values.cors }}
{{- include "issuer-platform.optionalSetting" (list "CORS_ALLOWED_ORIGINS" (join "," (.allowedOrigins | default list))) }}
{{- include "issuer-platform.optionalSetting" (list "CORS_ADMIN_ALLOWED_ORIGINS" (join "," (.adminAllowedOrigins | default list))) }}
{{- end }}
{{- with .values.rateLimits }}
{{- include "issuer-platform.optionalSetting" (list "RATE_LIMIT_WALLET_PER_MINUTE" .walletPerMinute) }}
{{- include "issuer-platform.optionalSetting" (list "RATE_LIMIT_ADMIN_PER_MINUTE" .adminPerMinute) }}
{{- end }}
{{- include "issuer-platform.optionalSetting" (list "TRUSTED_PROXIES" (join "," (.values.trustedProxies | default list))) }}
{{- with .values.adminSso }}
{{- if .issuer }}
ADMIN_OIDC_ISSUER: {{ .issuer | quote }}
ADMIN_OIDC_AUDIENCE: {{ required "issuerApi.adminSso.audience is required when issuerApi.adminSso.issuer is set" .audience | quote }}
{{- include "issuer-platform.optionalSetting" (list "ADMIN_OIDC_ROLES_CLAIM" .rolesClaim) }}
{{- include "issuer-platform.optionalSetting" (list "ADMIN_OIDC_ISSUERS_CLAIM" .issuersClaim) }}
{{- include "issuer-platform.optionalSetting" (list "ADMIN_OIDC_CONSOLE_CLIENT_ID" .consoleClientId) }}
{{- include "issuer-platform.optionalSetting" (list "ADMIN_OIDC_CONSOLE_SCOPE" .consoleScope) }}
{{- include "issuer-platform.optionalSetting" (list "ADMIN_OIDC_CONSOLE_NAME" .consoleName) }}
{{- end }}
{{- end }}
{{- with .values.console }}
CONSOLE_ENABLED: {{ ternary "true" "false" (ne .enabled false) | quote }}
{{- end }}
{{- with .values.audit }}
{{- include "issuer-platform.optionalSetting" (list "AUDIT_RETENTION_DAYS" .retentionDays) }}
{{- end }}
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

{{/*
Egress to the admin API's identity provider (discovery and JWKS) once single sign-on is on, so that turning it on
under a NetworkPolicy needs no extra rule: to issuerApi.adminSso.networkPolicyPeers, or anywhere on its ports.
*/}}
{{- define "issuer-platform.issuer-api.egress" }}
{{- with .values.adminSso }}
{{- if .issuer }}
- ports:
    {{- range .networkPolicyPorts }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
  {{- with .networkPolicyPeers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* The ingress controller (issuerApi.networkPolicy.ingressFrom) and the chart's own helm test pod. */}}
{{- define "issuer-platform.issuer-api.ingressPeers" }}
{{- with .values.networkPolicy.ingressFrom }}
{{ toYaml . }}
{{- end }}
- podSelector:
    matchLabels:
      {{- include "issuer-platform.selectorLabels" (dict "root" .root "component" "helm-test") | nindent 6 }}
{{- end }}
