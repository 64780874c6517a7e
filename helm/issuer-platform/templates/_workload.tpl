{{/*
The objects every service has, rendered from templates/<service>/*.yaml with
  (dict "root" $ "component" "<service>" "values" .Values.<serviceKey>)
A service adds its own settings through the templates in its folder's _config.tpl:
  issuer-platform.<service>.config        extra ConfigMap entries (plain settings)
  issuer-platform.<service>.env           extra env entries (Secret references)
  issuer-platform.<service>.envFrom       extra envFrom entries (provider credential Secrets)
  issuer-platform.<service>.volumes / .volumeMounts   files from Secrets (e.g. the Vault token)
  issuer-platform.<service>.ingressPeers  who may open HTTP connections to it besides metrics scrapers
  issuer-platform.<service>.externalEgress  non-empty when its configuration needs calls to the internet
*/}}

{{/*
The ConfigMap: the platform variables every service reads, then the service's own settings
(issuer-platform.<service>.config, one "NAME: value" line each), then <service>.env, which wins over both.
Keys are sorted so the checksum only changes when a value does.
*/}}
{{- define "issuer-platform.configmap" -}}
{{- $data := dict
  "PORT" (toString .values.containerPort)
  "PUBLIC_URL" (include "issuer-platform.publicUrl" .root)
  "LOG_LEVEL" (toString .root.Values.config.logLevel)
  "DB_POOL_SIZE" (.values.dbPoolSize | default .root.Values.config.dbPoolSize | int64 | toString)
  "DB_PREPARED_STATEMENTS" (ternary "false" "true" (eq (toString .root.Values.config.dbPreparedStatements) "false"))
  "MIGRATE_ON_START" (include "issuer-platform.migrateOnStart" .root) -}}
{{- $own := include (printf "issuer-platform.%s.config" .component) . | fromYaml | default dict -}}
{{- range $name, $value := $own }}{{ $_ := set $data $name (toString $value) }}{{ end -}}
{{- range $name, $value := .values.env }}{{ $_ := set $data $name (include "issuer-platform.envValue" $value) }}{{ end -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "issuer-platform.componentName" . }}
  labels:
    {{- include "issuer-platform.labels" . | nindent 4 }}
data:
  {{- range $name := keys $data | sortAlpha }}
  {{ $name }}: {{ get $data $name | quote }}
  {{- end }}
{{- end -}}

{{- define "issuer-platform.serviceaccount" -}}
{{- if .values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "issuer-platform.serviceAccountName" . }}
  labels:
    {{- include "issuer-platform.labels" . | nindent 4 }}
  {{- with .values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end }}
{{- end -}}

{{- define "issuer-platform.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "issuer-platform.componentName" . }}
  labels:
    {{- include "issuer-platform.labels" . | nindent 4 }}
  {{- with .values.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .values.service.type }}
  selector:
    {{- include "issuer-platform.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .values.service.port }}
      targetPort: http
      protocol: TCP
{{- end -}}

{{- define "issuer-platform.deployment" -}}
{{- $root := .root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "issuer-platform.componentName" . }}
  labels:
    {{- include "issuer-platform.labels" . | nindent 4 }}
spec:
  {{- if not .values.autoscaling.enabled }}
  replicas: {{ .values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: {{ $root.Values.revisionHistoryLimit }}
  selector:
    matchLabels:
      {{- include "issuer-platform.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # A new pod is ready before an old one goes: no capacity dip during upgrades.
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        {{- include "issuer-platform.labels" . | nindent 8 }}
        {{- with .values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/" .component "/configmap.yaml") $root | sha256sum }}
        checksum/secrets: {{ include (print $root.Template.BasePath "/secrets.yaml") $root | sha256sum }}
        {{- with .values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "issuer-platform.serviceAccountName" . }}
      automountServiceAccountToken: false
      {{- with ($root.Values.global.imagePullSecrets | default $root.Values.imagePullSecrets) }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      {{- with .values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      terminationGracePeriodSeconds: {{ .values.terminationGracePeriodSeconds }}
      containers:
        - name: {{ .component }}
          image: {{ include "issuer-platform.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: [{{ .component | quote }}]
          ports:
            - name: http
              containerPort: {{ .values.containerPort }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "issuer-platform.componentName" . }}
            {{- with include (printf "issuer-platform.%s.envFrom" .component) . | trim }}{{ . | nindent 12 }}{{ end }}
            {{- with .values.extraEnvFrom }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          env:
            {{- include "issuer-platform.databaseEnv" $root | trim | nindent 12 }}
            {{- include "issuer-platform.natsEnv" $root | trim | nindent 12 }}
            {{- with include (printf "issuer-platform.%s.env" .component) . | trim }}{{ . | nindent 12 }}{{ end }}
            {{- with .values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          # Startup: the process is up (liveness waits for it); readiness: its database and NATS answer.
          startupProbe:
            httpGet:
              path: /health/live
              port: http
            {{- toYaml (mergeOverwrite (deepCopy $root.Values.probes.startup) (.values.probes.startup | default dict)) | nindent 12 }}
          readinessProbe:
            httpGet:
              path: /health/ready
              port: http
            {{- toYaml (mergeOverwrite (deepCopy $root.Values.probes.readiness) (.values.probes.readiness | default dict)) | nindent 12 }}
          livenessProbe:
            httpGet:
              path: /health/live
              port: http
            {{- toYaml (mergeOverwrite (deepCopy $root.Values.probes.liveness) (.values.probes.liveness | default dict)) | nindent 12 }}
          resources:
            {{- toYaml .values.resources | nindent 12 }}
          securityContext:
            {{- include "issuer-platform.containerSecurityContext" $root | nindent 12 }}
          volumeMounts:
            # The root filesystem is read-only; Node and the pg driver may still want a scratch directory.
            - name: tmp
              mountPath: /tmp
            {{- with include (printf "issuer-platform.%s.volumeMounts" .component) . | trim }}{{ . | nindent 12 }}{{ end }}
            {{- with .values.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- with include (printf "issuer-platform.%s.volumes" .component) . | trim }}{{ . | nindent 8 }}{{ end }}
        {{- with .values.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with .values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if .values.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- range .values.topologySpreadConstraints }}
        - {{ toYaml (omit . "labelSelector") | nindent 10 | trim }}
          labelSelector:
            matchLabels:
              {{- include "issuer-platform.selectorLabels" $ | nindent 14 }}
        {{- end }}
      {{- end }}
{{- end -}}

{{- define "issuer-platform.hpa" -}}
{{- if .values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "issuer-platform.componentName" . }}
  labels:
    {{- include "issuer-platform.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "issuer-platform.componentName" . }}
  minReplicas: {{ .values.autoscaling.minReplicas }}
  maxReplicas: {{ .values.autoscaling.maxReplicas }}
  metrics:
    {{- with .values.autoscaling.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
    {{- with .values.autoscaling.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
{{- end }}
{{- end -}}

{{- define "issuer-platform.pdb" -}}
{{- if .values.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "issuer-platform.componentName" . }}
  labels:
    {{- include "issuer-platform.labels" . | nindent 4 }}
spec:
  {{- if .values.pdb.maxUnavailable }}
  maxUnavailable: {{ .values.pdb.maxUnavailable }}
  {{- else }}
  minAvailable: {{ .values.pdb.minAvailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "issuer-platform.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{- define "issuer-platform.servicemonitor" -}}
{{- if .values.serviceMonitor.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "issuer-platform.componentName" . }}
  labels:
    {{- include "issuer-platform.labels" . | nindent 4 }}
    {{- with .values.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "issuer-platform.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: http
      path: /metrics
      interval: {{ .values.serviceMonitor.interval }}
      scrapeTimeout: {{ .values.serviceMonitor.scrapeTimeout }}
{{- end }}
{{- end -}}
