{{/*
Names, labels, image and the environment every service shares. Per-service objects are rendered by the
generic templates in _workload.tpl from templates/<service>/*.yaml.
*/}}

{{- define "issuer-platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "issuer-platform.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<component>, e.g. issuer-issuer-platform-kms. */}}
{{- define "issuer-platform.componentName" -}}
{{- printf "%s-%s" (include "issuer-platform.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "issuer-platform.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels of one component: stable across upgrades (never add version labels here). */}}
{{- define "issuer-platform.selectorLabels" -}}
app.kubernetes.io/name: {{ include "issuer-platform.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "issuer-platform.labels" -}}
helm.sh/chart: {{ include "issuer-platform.chart" .root }}
{{ include "issuer-platform.selectorLabels" . }}
app.kubernetes.io/part-of: issuer-platform
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "issuer-platform.image" -}}
{{- $registry := .Values.global.imageRegistry | default .Values.image.registry -}}
{{- $repo := ternary (printf "%s/%s" $registry .Values.image.repository) .Values.image.repository (ne $registry "") -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repo .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{- define "issuer-platform.serviceAccountName" -}}
{{- if .values.serviceAccount.create -}}
{{- default (include "issuer-platform.componentName" .) .values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The externally visible base URL: publicUrl, else derived from the ingress host, else the in-cluster Service. */}}
{{- define "issuer-platform.publicUrl" -}}
{{- if .Values.publicUrl -}}
{{- .Values.publicUrl | trimSuffix "/" -}}
{{- else if .Values.ingress.enabled -}}
{{- printf "%s://%s" (ternary "https" "http" (gt (len .Values.ingress.tls) 0)) .Values.ingress.host -}}
{{- else -}}
{{- printf "http://%s:%v" (include "issuer-platform.componentName" (dict "root" . "component" "issuer-api")) .Values.issuerApi.service.port -}}
{{- end -}}
{{- end -}}

{{/* Secret holding the admin API keys (comma-separated) and its key. */}}
{{- define "issuer-platform.adminKeysSecret" -}}
{{- .Values.auth.adminApiKeys.existingSecret | default (printf "%s-admin" (include "issuer-platform.fullname" .)) -}}
{{- end -}}

{{- define "issuer-platform.masterKeySecret" -}}
{{- .Values.kms.masterKey.existingSecret | default (printf "%s-kms-master-key" (include "issuer-platform.fullname" .)) -}}
{{- end -}}

{{/* Reads one key of an existing Secret (so upgrades keep generated values), or returns "" on a fresh install. */}}
{{- define "issuer-platform.existingSecretValue" -}}
{{- $secret := lookup "v1" "Secret" .root.Release.Namespace .name -}}
{{- if $secret -}}{{- if $secret.data -}}
{{- index $secret.data .key | default "" -}}
{{- end -}}{{- end -}}
{{- end -}}

{{- define "issuer-platform.postgresql.fullname" -}}
{{- printf "%s-postgresql" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "issuer-platform.nats.fullname" -}}
{{- printf "%s-nats" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Database connection as env entries. The password comes from a Secret (never from the pod spec) and the URL is
composed by Kubernetes' $(VAR) expansion; with externalDatabase.existingSecretUrlKey the whole URL is read
from the Secret instead.
*/}}
{{- define "issuer-platform.databaseEnv" -}}
{{- if .Values.postgresql.enabled }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.postgresql.auth.existingSecret | default (include "issuer-platform.postgresql.fullname" .) }}
      key: {{ .Values.postgresql.auth.secretKeys.userPasswordKey }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DATABASE_PASSWORD)@%s:%v/%s" .Values.postgresql.auth.username (include "issuer-platform.postgresql.fullname" .) .Values.postgresql.service.port .Values.postgresql.auth.database | quote }}
{{- else if .Values.externalDatabase.existingSecretUrlKey }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "externalDatabase.existingSecret is required with existingSecretUrlKey" .Values.externalDatabase.existingSecret }}
      key: {{ .Values.externalDatabase.existingSecretUrlKey }}
{{- else }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.externalDatabase.existingSecret | default (printf "%s-database" (include "issuer-platform.fullname" .)) }}
      key: {{ .Values.externalDatabase.existingSecretPasswordKey }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DATABASE_PASSWORD)@%s:%v/%s%s" .Values.externalDatabase.user (required "externalDatabase.host is required when postgresql.enabled=false" .Values.externalDatabase.host) .Values.externalDatabase.port .Values.externalDatabase.database (ternary (printf "?sslmode=%s" .Values.externalDatabase.sslmode) "" (ne .Values.externalDatabase.sslmode "")) | quote }}
{{- end }}
{{- end -}}

{{/* NATS_URL: from a Secret when external NATS credentials are in the URL, else plain. */}}
{{- define "issuer-platform.natsEnv" -}}
{{- if and (not .Values.nats.enabled) .Values.externalNats.existingSecret }}
- name: NATS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.externalNats.existingSecret }}
      key: {{ .Values.externalNats.existingSecretUrlKey }}
{{- else }}
- name: NATS_URL
  value: {{ include "issuer-platform.natsUrl" . | quote }}
{{- end }}
{{- end -}}

{{- define "issuer-platform.natsUrl" -}}
{{- if .Values.nats.enabled -}}
{{- printf "nats://%s:%v" (include "issuer-platform.nats.fullname" .) .Values.nats.service.port -}}
{{- else -}}
{{- required "externalNats.url (or externalNats.existingSecret) is required when nats.enabled=false" .Values.externalNats.url -}}
{{- end -}}
{{- end -}}

{{/* MIGRATE_ON_START: explicit value, else true only with the bundled PostgreSQL (see migrations.migrateOnStart). */}}
{{- define "issuer-platform.migrateOnStart" -}}
{{- if kindIs "bool" .Values.migrations.migrateOnStart -}}
{{- .Values.migrations.migrateOnStart -}}
{{- else -}}
{{- or (not .Values.migrations.enabled) .Values.postgresql.enabled -}}
{{- end -}}
{{- end -}}

{{/* The security context every container gets (non-root, read-only root filesystem, no capabilities). */}}
{{- define "issuer-platform.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext -}}
{{- end -}}

{{- define "issuer-platform.secretsEncryptionKeySecret" -}}
{{- .Values.issuerApi.secretsEncryptionKey.existingSecret | default (printf "%s-secrets-encryption-key" (include "issuer-platform.fullname" .)) -}}
{{- end -}}

{{/* When the migration Job runs (see migrations/job.yaml). */}}
{{- define "issuer-platform.migrationHook" -}}
{{- ternary "post-install,pre-upgrade" "pre-install,pre-upgrade" .Values.postgresql.enabled -}}
{{- end -}}

{{/* A value as an environment string: whole numbers without exponent (Helm reads YAML numbers as float64, 1048576 would print as 1.048576e+06). */}}
{{- define "issuer-platform.envValue" -}}
{{- /* Nested ifs: `and` does not short-circuit in the Go templates of older Helm 3 releases. */ -}}
{{- $text := toString . -}}
{{- if kindIs "float64" . -}}
{{- if eq (floor .) . }}{{ $text = toString (int64 .) }}{{ end -}}
{{- end -}}
{{- $text -}}
{{- end -}}

{{/*
One optional setting as a ConfigMap line: nothing when the value is null or empty (the service's own default
applies), else NAME: "value". Called with (list "NAME" value).
*/}}
{{- define "issuer-platform.optionalSetting" -}}
{{- $value := index . 1 -}}
{{- if not (kindIs "invalid" $value) }}{{ if ne (toString $value) "" }}
{{ index . 0 }}: {{ include "issuer-platform.envValue" $value | quote }}
{{- end }}{{ end -}}
{{- end -}}

{{/*
OUTBOUND_ALLOWED_HOSTS of a service that calls out (issuer-api, did-registry, notifications): the service's
outboundAllowedHosts, or config.outboundAllowedHosts when that is null. Nothing when the list is empty.
*/}}
{{- define "issuer-platform.outboundAllowedHosts" -}}
{{- $hosts := .values.outboundAllowedHosts -}}
{{- if kindIs "invalid" $hosts }}{{ $hosts = .root.Values.config.outboundAllowedHosts }}{{ end -}}
{{- include "issuer-platform.optionalSetting" (list "OUTBOUND_ALLOWED_HOSTS" (join "," ($hosts | default list))) -}}
{{- end -}}
