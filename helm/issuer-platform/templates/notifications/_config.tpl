{{/*
notifications: webhook delivery. Each webhook authenticates with its own bearer token (set per profile/offer);
notifications.webhookSigning adds a deployment-wide signing secret as WEBHOOK_SIGNING_SECRET for receivers that
verify Standard Webhooks signatures.
*/}}
{{- define "issuer-platform.notifications.config" }}{{ end }}

{{- define "issuer-platform.notifications.env" }}
{{- if .root.Values.notifications.webhookSigning.enabled }}
- name: WEBHOOK_SIGNING_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "issuer-platform.webhookSigningSecret" .root }}
      key: {{ .root.Values.notifications.webhookSigning.existingSecretKey }}
{{- end }}
{{- end }}

{{- define "issuer-platform.notifications.envFrom" }}{{ end }}
{{- define "issuer-platform.notifications.volumes" }}{{ end }}
{{- define "issuer-platform.notifications.volumeMounts" }}{{ end }}
{{- define "issuer-platform.notifications.ingressPeers" }}{{ end }}
{{- define "issuer-platform.notifications.externalEgress" }}{{ end }}
