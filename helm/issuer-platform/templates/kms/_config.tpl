{{/*
kms: the master key (local backend) and the optional external providers. aws and vault are configured by name;
azure and oci (and any provider) take plain variables from kms.providers.<name>.env and credentials from
kms.providers.<name>.existingSecret (all keys become environment variables).
*/}}
{{- define "issuer-platform.kms.config" }}
{{- with .root.Values.kms.providers.aws }}
{{- if .enabled }}
  AWS_KMS_REGION: {{ required "kms.providers.aws.region is required when the aws provider is enabled" .region | quote }}
  {{- with .endpoint }}
  AWS_KMS_ENDPOINT: {{ . | quote }}
  {{- end }}
{{- end }}
{{- end }}
{{- with .root.Values.kms.providers.vault }}
{{- if .enabled }}
  VAULT_ADDR: {{ required "kms.providers.vault.address is required when the vault provider is enabled" .address | quote }}
  VAULT_TRANSIT_MOUNT: {{ .transitMount | quote }}
  VAULT_TOKEN_FILE: "/var/run/secrets/vault/token"
  {{- with .namespace }}
  VAULT_NAMESPACE: {{ . | quote }}
  {{- end }}
{{- end }}
{{- end }}
{{- range $name, $provider := .root.Values.kms.providers }}
{{- if $provider.enabled }}
{{- range $key, $value := $provider.env }}
  {{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{- define "issuer-platform.kms.env" }}
- name: KMS_MASTER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "issuer-platform.masterKeySecret" .root }}
      key: {{ .root.Values.kms.masterKey.existingSecretKey }}
{{- end }}

{{- define "issuer-platform.kms.envFrom" }}
{{- range $name, $provider := .root.Values.kms.providers }}
{{- if and $provider.enabled $provider.existingSecret }}
- secretRef:
    name: {{ $provider.existingSecret }}
{{- end }}
{{- end }}
{{- end }}

{{/* The Vault token is mounted as a file (VAULT_TOKEN_FILE), so a rotated Secret reaches the pod without a restart of the Deployment spec. */}}
{{- define "issuer-platform.kms.volumes" }}
{{- with .root.Values.kms.providers.vault }}
{{- if .enabled }}
- name: vault-token
  secret:
    secretName: {{ required "kms.providers.vault.tokenSecret is required when the vault provider is enabled" .tokenSecret }}
    items:
      - key: {{ .tokenSecretKey }}
        path: token
{{- end }}
{{- end }}
{{- end }}

{{- define "issuer-platform.kms.volumeMounts" }}
{{- if .root.Values.kms.providers.vault.enabled }}
- name: vault-token
  mountPath: /var/run/secrets/vault
  readOnly: true
{{- end }}
{{- end }}

{{- define "issuer-platform.kms.ingressPeers" }}{{ end }}

{{/* Any enabled provider is reached over HTTPS outside the cluster. */}}
{{- define "issuer-platform.kms.externalEgress" }}
{{- range $name, $provider := .root.Values.kms.providers }}{{ if $provider.enabled }}true{{ end }}{{ end }}
{{- end }}
