{{/*
kms: the master key (local backend) and the optional external providers aws, vault, azure and oci, each
configured by name. Credentials only ever come from Secrets: the Vault token, the Azure client secret and the
OCI API key are mounted as files (the *_FILE variables), the OCI key passphrase and AWS keys are secretKeyRef /
envFrom. Any provider also takes extra plain variables (kms.providers.<name>.env, ConfigMap) and a Secret whose
keys all become variables (kms.providers.<name>.existingSecret); further provider names take only those two.
*/}}
{{- define "issuer-platform.kms.config" }}
{{- with .root.Values.kms.providers.aws }}
{{- if .enabled }}
AWS_KMS_REGION: {{ required "kms.providers.aws.region is required when the aws provider is enabled" .region | quote }}
{{- include "issuer-platform.optionalSetting" (list "AWS_KMS_ENDPOINT" .endpoint) }}
{{- end }}
{{- end }}
{{- with .root.Values.kms.providers.vault }}
{{- if .enabled }}
VAULT_ADDR: {{ required "kms.providers.vault.address is required when the vault provider is enabled" .address | quote }}
VAULT_TOKEN_FILE: "/var/run/secrets/vault/token"
{{- include "issuer-platform.optionalSetting" (list "VAULT_TRANSIT_MOUNT" .transitMount) }}
{{- include "issuer-platform.optionalSetting" (list "VAULT_NAMESPACE" .namespace) }}
{{- end }}
{{- end }}
{{- with .root.Values.kms.providers.azure }}
{{- if .enabled }}
AZURE_KEY_VAULT_URL: {{ required "kms.providers.azure.vaultUrl is required when the azure provider is enabled" .vaultUrl | quote }}
AZURE_KEY_VAULT_TENANT_ID: {{ required "kms.providers.azure.tenantId is required when the azure provider is enabled" .tenantId | quote }}
AZURE_KEY_VAULT_CLIENT_ID: {{ required "kms.providers.azure.clientId is required when the azure provider is enabled" .clientId | quote }}
AZURE_KEY_VAULT_CLIENT_SECRET_FILE: "/var/run/secrets/azure/client-secret"
{{- include "issuer-platform.optionalSetting" (list "AZURE_KEY_VAULT_AUTHORITY_HOST" .authorityHost) }}
{{- end }}
{{- end }}
{{- with .root.Values.kms.providers.oci }}
{{- if .enabled }}
{{- $missing := "is required when the oci provider is enabled" }}
OCI_KMS_MANAGEMENT_ENDPOINT: {{ required (printf "kms.providers.oci.managementEndpoint %s" $missing) .managementEndpoint | quote }}
OCI_KMS_CRYPTO_ENDPOINT: {{ required (printf "kms.providers.oci.cryptoEndpoint %s" $missing) .cryptoEndpoint | quote }}
OCI_KMS_COMPARTMENT_ID: {{ required (printf "kms.providers.oci.compartmentId %s" $missing) .compartmentId | quote }}
OCI_TENANCY_ID: {{ required (printf "kms.providers.oci.tenancyId %s" $missing) .tenancyId | quote }}
OCI_USER_ID: {{ required (printf "kms.providers.oci.userId %s" $missing) .userId | quote }}
OCI_FINGERPRINT: {{ required (printf "kms.providers.oci.fingerprint %s" $missing) .fingerprint | quote }}
OCI_REGION: {{ required (printf "kms.providers.oci.region %s" $missing) .region | quote }}
OCI_PRIVATE_KEY_FILE: "/var/run/secrets/oci/private-key.pem"
{{- include "issuer-platform.optionalSetting" (list "OCI_KMS_PROTECTION_MODE" .protectionMode) }}
{{- end }}
{{- end }}
{{- range $name, $provider := .root.Values.kms.providers }}
{{- if $provider.enabled }}
{{- range $key, $value := $provider.env }}
{{ $key }}: {{ include "issuer-platform.envValue" $value | quote }}
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
{{- with .root.Values.kms.providers.oci }}
{{- if and .enabled .privateKey.passphraseKey }}
{{- /* The passphrase has no *_FILE variant in the service: a secretKeyRef from the key's own Secret. */}}
- name: OCI_PRIVATE_KEY_PASSPHRASE
  valueFrom:
    secretKeyRef:
      name: {{ .privateKey.existingSecret }}
      key: {{ .privateKey.passphraseKey }}
{{- end }}
{{- end }}
{{- end }}

{{- define "issuer-platform.kms.envFrom" }}
{{- range $name, $provider := .root.Values.kms.providers }}
{{- if and $provider.enabled $provider.existingSecret }}
- secretRef:
    name: {{ $provider.existingSecret }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Provider credentials mounted as files (*_FILE): the Secret's value never enters the pod spec or the environment
of other processes, and a pod restarted after a rotation of the Secret reads the new value.
*/}}
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
{{- with .root.Values.kms.providers.azure }}
{{- if .enabled }}
- name: azure-client-secret
  secret:
    secretName: {{ required "kms.providers.azure.clientSecret.existingSecret is required when the azure provider is enabled" .clientSecret.existingSecret }}
    items:
      - key: {{ .clientSecret.existingSecretKey }}
        path: client-secret
{{- end }}
{{- end }}
{{- with .root.Values.kms.providers.oci }}
{{- if .enabled }}
- name: oci-private-key
  secret:
    secretName: {{ required "kms.providers.oci.privateKey.existingSecret is required when the oci provider is enabled" .privateKey.existingSecret }}
    items:
      - key: {{ .privateKey.existingSecretKey }}
        path: private-key.pem
{{- end }}
{{- end }}
{{- end }}

{{- define "issuer-platform.kms.volumeMounts" }}
{{- range $provider, $volume := dict "vault" "vault-token" "azure" "azure-client-secret" "oci" "oci-private-key" }}
{{- if (index $.root.Values.kms.providers $provider).enabled }}
- name: {{ $volume }}
  mountPath: /var/run/secrets/{{ $provider }}
  readOnly: true
{{- end }}
{{- end }}
{{- end }}

{{- define "issuer-platform.kms.ingressPeers" }}{{ end }}

{{/* Any enabled provider is reached over HTTPS outside the cluster. */}}
{{- define "issuer-platform.kms.externalEgress" }}
{{- range $name, $provider := .root.Values.kms.providers }}{{ if $provider.enabled }}true{{ end }}{{ end }}
{{- end }}
