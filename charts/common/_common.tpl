{{/*
Helpers shared by every chart of every FATE line: the one home of naming, labels, image
references, the pod and container security baseline, resources, probes, config checksums, route
tables and Java heap checks. The generator copies this file into each chart as
templates/_common.tpl, so a chart in the bundle stays self-contained.
Every define is namespaced "fate.". Helpers that need more than the root context take a dict
whose "ctx" entry is the root context ($). A chart using them defines "fate.partyId" (its own
party id, or the id the exchange proxy announces).
The templates also render with Helm 2 (Sprig 2): no lookup, get, dig or must* functions; maps are
read with index, which yields nothing for an absent key.
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
fate.selectorLabels: the immutable labels Deployments select on and Services route by.
Usage: {{ include "fate.selectorLabels" (dict "ctx" $ "component" "roll") }}
Params:
  ctx       (root context, required)
  component (string, required) the object's component: proxy, roll, egg0, python, ...
*/}}
{{- define "fate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fate.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name | quote }}
app.kubernetes.io/component: {{ .component | quote }}
{{- end -}}

{{/*
fate.labels: the full label set of every object (selector labels plus metadata labels).
Usage: {{ include "fate.labels" (dict "ctx" $ "component" "roll") }}
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
  FATE images:      <image.registry or "federatedai">/<name>:<image.tag>
  third-party ones: <image.registry>/<name>:<tag> when a registry is set, else <name>:<tag>
Usage: {{ include "fate.image" (dict "ctx" $ "name" "egg") }}
       {{ include "fate.image" (dict "ctx" $ "name" "mysql" "tag" .Values.image.mysqlTag) }}
Params:
  ctx  (root context, required)
  name (string, required) image name: egg, federation, meta-service, proxy, roll, python,
       fateboard, mysql, redis
  tag  (string, optional) marks a third-party image (mysql, redis) and gives its tag; without it
       the image is a FATE image tagged image.tag
*/}}
{{- define "fate.image" -}}
{{- $registry := .ctx.Values.image.registry | trimSuffix "/" -}}
{{- if hasKey . "tag" -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .name (toString .tag) -}}
{{- else -}}
{{- printf "%s:%s" .name (toString .tag) -}}
{{- end -}}
{{- else -}}
{{- printf "%s/%s:%s" (default "federatedai" $registry) .name (toString .ctx.Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/*
fate.podSpecCommon: pod-level settings shared by every pod: image pull secrets, node selector,
no service-account token, no service-link env variables, RuntimeDefault seccomp (Pod Security
"baseline": the FATE, mysql and redis images start as root).
Usage: {{- include "fate.podSpecCommon" (dict "ctx" $ "nodeSelector" .Values.roll.nodeSelector) | nindent 6 }}
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
Usage: {{- with include "fate.resources" .Values.roll.resources }}{{ . | nindent 10 }}{{ end }}
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
the first start (mysql initialising its data directory, JVM services loading) before the
liveness probe may restart the container.
Usage: {{- with include "fate.probes" (dict "ctx" $ "port" "roll") }}{{ . | nindent 10 }}{{ end }}
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
Usage: checksum/config: {{ include "fate.checksum" (dict "ctx" $ "files" (list "configmap-roll.yaml")) }}
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
fate.javaHeapEnv: the JAVA_TOOL_OPTIONS env entry that gives a JVM container its maximum heap.
The images' Java 8u192 reads JAVA_TOOL_OPTIONS but does not see cgroup v2 memory limits, so
without it the heap is sized from the node's RAM (charts/images.yaml).
Usage: {{- include "fate.javaHeapEnv" .Values.roll.javaHeap | nindent 12 }}
Params: the heap size in Java's syntax (1536m, 2g).
*/}}
{{- define "fate.javaHeapEnv" -}}
- name: JAVA_TOOL_OPTIONS
  value: {{ printf "-Xmx%s" (toString .) | quote }}
{{- end -}}

{{/*
fate.heapMiB / fate.limitMiB: a Java heap size (k, m, g; binary) or a Kubernetes memory quantity
(Ki, Mi, Gi, Ti, K, M, G, T or bytes) in MiB, rounded down; -1 when it cannot be read.
Usage: {{ include "fate.heapMiB" "1536m" }}  {{ include "fate.limitMiB" "2Gi" }}
Params: the size as a string.
*/}}
{{- define "fate.heapMiB" -}}
{{- $q := lower (toString .) -}}
{{- $n := atoi (trimSuffix "k" (trimSuffix "m" (trimSuffix "g" $q))) -}}
{{- if and (hasSuffix "g" $q) (gt $n 0) -}}{{ mul $n 1024 }}
{{- else if and (hasSuffix "m" $q) (gt $n 0) -}}{{ $n }}
{{- else if and (hasSuffix "k" $q) (gt $n 0) -}}{{ div $n 1024 }}
{{- else -}}-1
{{- end -}}
{{- end -}}
{{- define "fate.limitMiB" -}}
{{- $q := toString . -}}
{{- $out := -1 -}}
{{- range $unit, $factor := dict "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 -}}
{{- if and (eq $out -1) (hasSuffix $unit $q) -}}
{{- $out = div (mul (atoi (trimSuffix $unit $q) | int64) $factor) 1048576 -}}
{{- end -}}
{{- end -}}
{{- range $unit, $factor := dict "K" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 -}}
{{- if and (eq $out -1) (hasSuffix $unit $q) -}}
{{- $out = div (mul (atoi (trimSuffix $unit $q) | int64) $factor) 1048576 -}}
{{- end -}}
{{- end -}}
{{- if and (eq $out -1) (gt (atoi $q) 0) -}}
{{- $out = div (atoi $q | int64) 1048576 -}}
{{- end -}}
{{- $out -}}
{{- end -}}

{{/*
fate.heapProblems: the validation messages for the Java heaps of the given containers: each heap
must be readable and at most 75% of the container's memory limit (the rest is metaspace,
threads and buffers; above the limit the container is OOM-killed).
Renders one message per line (Helm 2 has no fromYamlArray).
Usage: {{- range splitList "\n" (include "fate.heapProblems" (list (list "roll" .Values.roll))) }}{{ if . }}...{{ end }}{{ end }}
Params: a list of [field prefix, values map with javaHeap and resources].
*/}}
{{- define "fate.heapProblems" -}}
{{- $out := list -}}
{{- range . -}}
{{- $field := index . 0 -}}
{{- $v := index . 1 -}}
{{- $heap := int (include "fate.heapMiB" $v.javaHeap) -}}
{{- $limits := (index ($v.resources | default dict) "limits") | default dict -}}
{{- if lt $heap 1 -}}
{{- $out = append $out (printf "%s.javaHeap: %q is not a Java heap size (digits and k, m or g, e.g. 1536m)" $field (toString $v.javaHeap)) -}}
{{- else if index $limits "memory" -}}
{{- $limit := int (include "fate.limitMiB" (index $limits "memory")) -}}
{{- if and (gt $limit 0) (gt (mul $heap 4) (mul $limit 3)) -}}
{{- $out = append $out (printf "%s.javaHeap: %s is more than 75%% of %s.resources.limits.memory (%v); lower the heap or raise the limit" $field (toString $v.javaHeap) $field (index $limits "memory")) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- join "\n" $out -}}
{{- end -}}
