{{/*
NetworkPolicy of one service: default deny both ways, then only what the service needs.
Ingress: its own peers (issuer-api: the ingress controller and the helm test pod) and metrics scrapers, on the
HTTP port only — the services never call each other over HTTP, they talk over NATS.
Egress: DNS, PostgreSQL, NATS, plus the service's own external calls (webhooks, did:web, KMS providers) and the
egress rules its template passes as "egress" (YAML list items; issuer-api: its single sign-on provider).
*/}}
{{- define "issuer-platform.networkpolicy" -}}
{{- if .values.networkPolicy.enabled }}
{{- $root := .root -}}
{{- $peers := include (printf "issuer-platform.%s.ingressPeers" .component) . | trim -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "issuer-platform.componentName" . }}
  labels:
    {{- include "issuer-platform.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "issuer-platform.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    {{- if $peers }}
    - from:
        {{- $peers | nindent 8 }}
      ports:
        - port: http
          protocol: TCP
    {{- end }}
    {{- with $root.Values.networkPolicy.metricsFrom }}
    - from:
        {{- toYaml . | nindent 8 }}
      ports:
        - port: http
          protocol: TCP
    {{- end }}
    {{- with .values.networkPolicy.extraIngress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  egress:
    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
      {{- with $root.Values.networkPolicy.dnsTo }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- if $root.Values.postgresql.enabled }}
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: postgresql
              app.kubernetes.io/instance: {{ $root.Release.Name }}
      ports:
        - port: {{ $root.Values.postgresql.service.port }}
          protocol: TCP
    {{- else }}
    - ports:
        - port: {{ $root.Values.externalDatabase.port }}
          protocol: TCP
      {{- with $root.Values.externalDatabase.networkPolicyPeers }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
    {{- if $root.Values.nats.enabled }}
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: nats
              app.kubernetes.io/instance: {{ $root.Release.Name }}
      ports:
        - port: {{ $root.Values.nats.service.port }}
          protocol: TCP
    {{- else }}
    - ports:
        - port: {{ $root.Values.externalNats.port }}
          protocol: TCP
      {{- with $root.Values.externalNats.networkPolicyPeers }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
    {{- if or .values.networkPolicy.externalEgress.enabled (ne (include (printf "issuer-platform.%s.externalEgress" .component) . | trim) "") }}
    # Outbound calls of this service to the internet (webhooks, did:web, data functions, KMS providers); the
    # application's own allow-list (OUTBOUND_ALLOWED_HOSTS) still applies on top of this.
    - to:
        {{- range .values.networkPolicy.externalEgress.cidrs }}
        - ipBlock:
            cidr: {{ .cidr }}
            {{- with .except }}
            except:
              {{- toYaml . | nindent 14 }}
            {{- end }}
        {{- end }}
      ports:
        {{- range .values.networkPolicy.externalEgress.ports }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
    {{- end }}
    {{- with .egress }}
    {{- . | nindent 4 }}
    {{- end }}
    {{- with .values.networkPolicy.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}
{{- end -}}
