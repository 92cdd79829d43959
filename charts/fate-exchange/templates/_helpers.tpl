{{/*
Helpers of the fate-exchange chart. Every define is namespaced "fate.". Helpers that need more than
the root context take a dict whose "ctx" entry is the root context ($).
The templates also render with Helm 2 (Sprig 2): no lookup, get, dig or must* functions.
*/}}

{{/*
fate.name: the chart name, used as app.kubernetes.io/name.
Usage: {{ include "fate.name" . }}
Params: the root context.
*/}}
{{- define "fate.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
fate.chart: chart name and version for the helm.sh/chart label ("+" becomes "_").
Usage: {{ include "fate.chart" . }}
Params: the root context.
*/}}
{{- define "fate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
fate.partyId: the party id the exchange proxy uses for itself (proxy.coordinator, a string).
Usage: {{ include "fate.partyId" . }}
Params: the root context.
*/}}
{{- define "fate.partyId" -}}
{{- .Values.proxy.coordinator | toString -}}
{{- end -}}

{{/*
fate.selectorLabels: the immutable labels Deployments select on and Services route by.
Usage: {{ include "fate.selectorLabels" (dict "ctx" $ "component" "proxy") }}
Params:
  ctx       (root context, required)
  component (string, required) the object's component (the exchange has only "proxy")
*/}}
{{- define "fate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fate.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name | quote }}
app.kubernetes.io/component: {{ .component | quote }}
{{- end -}}

{{/*
fate.labels: the full label set of every object (selector labels plus metadata labels).
Usage: {{ include "fate.labels" (dict "ctx" $ "component" "proxy") }}
Params: as fate.selectorLabels.
*/}}
{{- define "fate.labels" -}}
{{ include "fate.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | toString | replace "+" "_" | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service | quote }}
app.kubernetes.io/part-of: fate
helm.sh/chart: {{ include "fate.chart" .ctx | quote }}
fedai.org/party-id: {{ include "fate.partyId" .ctx | quote }}
{{- end -}}

{{/*
fate.image: the full image reference; image.registry applies to every image, init containers
included.
  FATE images: <image.registry or "federatedai">/<name>:<image.tag>
Usage: {{ include "fate.image" (dict "ctx" $ "name" "proxy") }}
Params:
  ctx  (root context, required)
  name (string, required) image name (the exchange only runs "proxy")
*/}}
{{- define "fate.image" -}}
{{- $registry := .ctx.Values.image.registry | trimSuffix "/" -}}
{{- printf "%s/%s:%s" (default "federatedai" $registry) .name (toString .ctx.Values.image.tag) -}}
{{- end -}}

{{/*
fate.podSpecCommon: pod-level settings shared by every pod: image pull secrets, node selector,
no service-account token, no service-link env variables, RuntimeDefault seccomp (Pod Security
"baseline": the FATE images start as root).
Usage: {{- include "fate.podSpecCommon" (dict "ctx" $ "nodeSelector" .Values.proxy.nodeSelector) | nindent 6 }}
Params:
  ctx          (root context, required)
  nodeSelector (map, required; may be empty)
*/}}
{{- define "fate.podSpecCommon" -}}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  seccompProfile:
    type: RuntimeDefault
{{- with .ctx.Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . | quote }}
{{- end }}
{{- end }}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
fate.containerSecurityContext: the securityContext of every container and init container.
Usage: {{- include "fate.containerSecurityContext" . | nindent 10 }}
Params: none (any context).
*/}}
{{- define "fate.containerSecurityContext" -}}
securityContext:
  allowPrivilegeEscalation: false
  privileged: false
{{- end -}}

{{/*
fate.resources: a container's resources block from a values map.
Usage: {{- with include "fate.resources" .Values.proxy.resources }}{{ . | nindent 10 }}{{ end }}
Params: the resources map (requests/limits); empty renders nothing.
*/}}
{{- define "fate.resources" -}}
{{- with . -}}
resources:
  {{- toYaml . | nindent 2 }}
{{- end -}}
{{- end -}}

{{/*
fate.probes: TCP startup, readiness and liveness probes on a named container port, when
probes.enabled. Timing comes from .Values.probes; the startup probe allows about ten minutes for
the first start (JVM loading) before the liveness probe may restart the container.
Usage: {{- with include "fate.probes" (dict "ctx" $ "port" "proxy") }}{{ . | nindent 10 }}{{ end }}
       (renders nothing when probes.enabled is false)
Params:
  ctx  (root context, required)
  port (string, required) name of the container port
*/}}
{{- define "fate.probes" -}}
{{- $p := .ctx.Values.probes -}}
{{- if $p.enabled -}}
startupProbe:
  tcpSocket:
    port: {{ .port }}
  periodSeconds: {{ $p.periodSeconds }}
  timeoutSeconds: {{ $p.timeoutSeconds }}
  failureThreshold: {{ add1 (div 599 (int $p.periodSeconds)) }}
readinessProbe:
  tcpSocket:
    port: {{ .port }}
  initialDelaySeconds: {{ $p.initialDelaySeconds }}
  periodSeconds: {{ $p.periodSeconds }}
  timeoutSeconds: {{ $p.timeoutSeconds }}
  failureThreshold: {{ $p.failureThreshold }}
livenessProbe:
  tcpSocket:
    port: {{ .port }}
  initialDelaySeconds: {{ $p.initialDelaySeconds }}
  periodSeconds: {{ $p.periodSeconds }}
  timeoutSeconds: {{ $p.timeoutSeconds }}
  failureThreshold: {{ $p.failureThreshold }}
{{- end }}
{{- end -}}

{{/*
fate.checksum: sha256 of the rendered ConfigMap templates a pod mounts, for the
checksum/config pod annotation: a changed config rolls the pod on helm upgrade.
Usage: checksum/config: {{ include "fate.checksum" (dict "ctx" $ "files" (list "configmap-proxy.yaml")) }}
Params:
  ctx   (root context, required)
  files (list of template file names under templates/, required)
*/}}
{{- define "fate.checksum" -}}
{{- $ctx := .ctx -}}
{{- $out := "" -}}
{{- range .files -}}
{{- $out = print $out (include (print $ctx.Template.BasePath "/" .) $ctx) -}}
{{- end -}}
{{- $out | sha256sum -}}
{{- end -}}

{{/*
fate.routeTableJson: route_table.json of the FATE 1.x proxy: the route table from
proxy.routeTable, written as JSON as is, and allow-all permissions.
Usage: {{ include "fate.routeTableJson" . }}
Params: the root context.
*/}}
{{- define "fate.routeTableJson" -}}
{{- $doc := dict "route_table" .Values.proxy.routeTable "permission" (dict "default_allow" true) -}}
{{- toPrettyJson $doc -}}
{{- end -}}


{{/*
fate.validateValues: checks what the schema cannot express and fails once with every problem.
Usage: {{ include "fate.validateValues" . }}
Params: the root context.
*/}}
{{- define "fate.validateValues" -}}
{{- $msgs := list -}}
{{- $parties := list -}}
{{- range $dest, $roles := .Values.proxy.routeTable -}}
{{- if ne $dest "default" -}}
{{- $parties = append $parties $dest -}}
{{- end -}}
{{- end -}}
{{- if not $parties -}}
{{- $msgs = append $msgs "proxy.routeTable: needs an entry per party (party id -> default -> the party proxy's node IP and NodePort)" -}}
{{- end -}}
{{- if has (toString .Values.proxy.coordinator) $parties -}}
{{- $msgs = append $msgs (printf "proxy.coordinator: %q is also a party in proxy.routeTable; the exchange needs an id of its own" (toString .Values.proxy.coordinator)) -}}
{{- end -}}
{{- if $msgs -}}
{{- fail (printf "\n\nVALUES VALIDATION:\n  - %s\n" (join "\n  - " $msgs)) -}}
{{- end -}}
{{- end -}}
