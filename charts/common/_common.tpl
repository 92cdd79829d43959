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
  fateTag (string, optional) a FATE image's own tag, for lines whose release tags its images
       differently (FATE 2.2: eggroll 3.2.0-release, fateboard 2.1.1-release)
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
{{- printf "%s/%s:%s" (default "federatedai" $registry) .name (toString (default .ctx.Values.image.tag .fateTag)) -}}
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

{{/*
fate.secretName: the Secret holding mysql-root-password, mysql-password and redis-password:
credentials.existingSecret when set, else the chart's own "fate-credentials".
Usage: {{ include "fate.secretName" . }}
Params: the root context.
*/}}
{{- define "fate.secretName" -}}
{{- default "fate-credentials" .Values.credentials.existingSecret -}}
{{- end -}}

{{/*
fate.secretEnv: one env entry whose value comes from the credentials Secret (never a literal).
Usage: {{ include "fate.secretEnv" (dict "ctx" $ "name" "MYSQL_PASSWORD" "key" "mysql-password") | nindent 12 }}
Params:
  ctx  (root context, required)
  name (string, required) environment variable name
  key  (string, required) key in the Secret: mysql-root-password, mysql-password or redis-password
*/}}
{{- define "fate.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "fate.secretName" .ctx | quote }}
      key: {{ .key }}
{{- end -}}

{{/*
fate.claimName: the PersistentVolumeClaim that holds a component's data, or "" when
persistence.type is none (the pod then uses an emptyDir).
  nfs           → fate-data (bound to the chart's NFS PersistentVolume)
  existingClaim → persistence.existingClaim
  storageClass  → the component's own claim (mysql-data, redis-data, python-logs, <egg>-data)
Usage: {{ include "fate.claimName" (dict "ctx" $ "claim" "mysql-data") }}
Params:
  ctx   (root context, required)
  claim (string, required) the component's own claim name (used by storageClass)
*/}}
{{- define "fate.claimName" -}}
{{- $type := .ctx.Values.persistence.type -}}
{{- if eq $type "nfs" -}}
fate-data
{{- else if eq $type "existingClaim" -}}
{{- .ctx.Values.persistence.existingClaim -}}
{{- else if eq $type "storageClass" -}}
{{- .claim -}}
{{- end -}}
{{- end -}}

{{/*
fate.nfsVolumeName: name of the cluster-scoped NFS PersistentVolume, <namespace>-<release>-nfs, so
that releases in different namespaces never collide. (Without a namespace, as in a bare
"helm lint", the leading "-" is dropped to keep the name valid.)
Usage: {{ include "fate.nfsVolumeName" . }}
Params: the root context.
*/}}
{{- define "fate.nfsVolumeName" -}}
{{- printf "%s-%s-nfs" .Release.Namespace .Release.Name | trimPrefix "-" | trunc 253 | trimSuffix "-" -}}
{{- end -}}

{{/*
fate.dataVolume: the "data" volume of a pod: a claim (see fate.claimName) or, with
persistence.type none, an emptyDir (data is lost when the pod is recreated). Never a hostPath.
Usage: {{- include "fate.dataVolume" (dict "ctx" $ "name" "data" "claim" "mysql-data") | nindent 8 }}
Params:
  ctx   (root context, required)
  name  (string, required) volume name
  claim (string, required) the component's own claim name (storageClass type)
*/}}
{{- define "fate.dataVolume" -}}
{{- $claim := include "fate.claimName" . -}}
- name: {{ .name }}
{{- if $claim }}
  persistentVolumeClaim:
    claimName: {{ $claim | quote }}
{{- else }}
  emptyDir: {}
{{- end }}
{{- end -}}

{{/*
fate.dataMount: the mount of a pod's data volume, always in a sub-directory of the volume:
  nfs, existingClaim → <subPath>-<partyId> (mysql-10000, redis-10000, python-logs-10000,
                       egg0-data-10000): several parties may share one export or the volume
                       behind a claim, and two mysqld on one data directory corrupt it; the
                       names follow the old KubeFATE charts' mysql-<partyId> layout
  storageClass       → <subPath> (each component has a claim of its own)
mysql never sees a volume root's lost+found.
Usage: {{- include "fate.dataMount" (dict "ctx" $ "name" "data" "path" "/var/lib/mysql" "subPath" "mysql") | nindent 12 }}
Params:
  ctx     (root context, required)
  name    (string, required) volume name
  path    (string, required) mount path
  subPath (string, required) the component's directory name on a claim
*/}}
{{- define "fate.dataMount" -}}
{{- $type := .ctx.Values.persistence.type }}
- name: {{ .name }}
  mountPath: {{ .path }}
{{- if or (eq $type "nfs") (eq $type "existingClaim") }}
  subPath: {{ printf "%s-%s" .subPath (include "fate.partyId" .ctx) }}
{{- else if ne $type "none" }}
  subPath: {{ .subPath }}
{{- end }}
{{- end -}}

{{/*
fate.credentialsSecret: the chart's Secret "fate-credentials", rendered unless
credentials.existingSecret names a Secret to use instead. Keys already stored in the cluster's
Secret keep their stored value, so a bundle regenerated with new random passwords never locks
components out of a database initialised with the old ones; values only fill keys that do not
exist yet. The caller reads the stored keys (Helm 3/4 lookup; Helm 2 cannot, and passes none),
so this file stays free of lookup for Helm 2.
Usage: {{ include "fate.credentialsSecret" (dict "ctx" $ "keys" $keys "stored" $stored) }}
Params:
  ctx    (root context, required)
  keys   (map, required) Secret key -> the password from values
  stored (map, required; may be empty) Secret key -> base64 value already in the cluster
*/}}
{{- define "fate.credentialsSecret" -}}
{{- if not .ctx.Values.credentials.existingSecret }}
{{- $stored := .stored }}
apiVersion: v1
kind: Secret
metadata:
  name: fate-credentials
  labels:
    {{- include "fate.labels" (dict "ctx" .ctx "component" "credentials") | nindent 4 }}
  annotations:
    helm.sh/resource-policy: keep
type: Opaque
data:
  {{- range $key, $value := .keys }}
  {{- if hasKey $stored $key }}
  {{ $key }}: {{ index $stored $key | quote }}
  {{- else }}
  {{ $key }}: {{ $value | toString | b64enc | quote }}
  {{- end }}
  {{- end }}
{{- end }}
{{- end -}}

{{/*
fate.nfsPersistentVolume: with persistence.type nfs, one NFS PersistentVolume, cluster-scoped and
therefore named after the namespace and release so that parties never collide. The claim
fate-data binds to it by name; every component uses a sub-directory named after itself and the
party (fate.dataMount), so parties sharing one export never share a directory.
Usage: {{ include "fate.nfsPersistentVolume" . }}
Params: the root context.
*/}}
{{- define "fate.nfsPersistentVolume" -}}
{{- if eq .Values.persistence.type "nfs" }}
apiVersion: v1
kind: PersistentVolume
metadata:
  name: {{ include "fate.nfsVolumeName" . | quote }}
  labels:
    {{- include "fate.labels" (dict "ctx" . "component" "storage") | nindent 4 }}
  {{- if .Values.persistence.keep }}
  annotations:
    helm.sh/resource-policy: keep
  {{- end }}
spec:
  capacity:
    storage: {{ .Values.persistence.nfs.size | quote }}
  accessModes:
    - ReadWriteMany
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  nfs:
    server: {{ .Values.persistence.nfs.server | quote }}
    path: {{ .Values.persistence.nfs.path | quote }}
{{- end }}
{{- end -}}

{{/*
fate.claims: the chart's PersistentVolumeClaims.
  nfs          → fate-data, bound by volumeName to the chart's NFS PersistentVolume (ReadWriteMany)
  storageClass → one claim per entry of "claims" (ReadWriteOnce), storageClassName omitted for
                 the cluster default
  none, existingClaim → no claim from this chart
persistence.keep adds helm.sh/resource-policy: keep, so helm uninstall leaves the data.
Usage: {{ include "fate.claims" (dict "ctx" $ "claims" (list (dict "name" "mysql-data" "component" "mysql" "size" "10Gi"))) }}
Params:
  ctx    (root context, required)
  claims (list of dicts with name, component and size; used by storageClass)
*/}}
{{- define "fate.claims" -}}
{{- $ctx := .ctx -}}
{{- $p := $ctx.Values.persistence }}
{{- if eq $p.type "nfs" }}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: fate-data
  labels:
    {{- include "fate.labels" (dict "ctx" $ctx "component" "storage") | nindent 4 }}
  {{- if $p.keep }}
  annotations:
    helm.sh/resource-policy: keep
  {{- end }}
spec:
  accessModes:
    - ReadWriteMany
  storageClassName: ""
  volumeName: {{ include "fate.nfsVolumeName" $ctx | quote }}
  resources:
    requests:
      storage: {{ $p.nfs.size | quote }}
{{- else if eq $p.type "storageClass" }}
{{- range .claims }}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ .name }}
  labels:
    {{- include "fate.labels" (dict "ctx" $ctx "component" .component) | nindent 4 }}
  {{- if $p.keep }}
  annotations:
    helm.sh/resource-policy: keep
  {{- end }}
spec:
  accessModes:
    - ReadWriteOnce
  {{- with $p.storageClass }}
  storageClassName: {{ . | quote }}
  {{- end }}
  resources:
    requests:
      storage: {{ .size | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
fate.fateboardIngress: FATEBoard at http(s)://<ingress.host>/ through the cluster's ingress
controller, when ingress.enabled: the Service "fateboard", port 8080.
Usage: {{ include "fate.fateboardIngress" (dict "ctx" $ "component" "python") }}
Params:
  ctx       (root context, required)
  component (string, required) the component label of the pod serving fateboard
*/}}
{{- define "fate.fateboardIngress" -}}
{{- $v := .ctx.Values -}}
{{- if $v.ingress.enabled }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: fateboard-ingress
  labels:
    {{- include "fate.labels" (dict "ctx" .ctx "component" .component) | nindent 4 }}
spec:
  {{- with $v.ingress.className }}
  ingressClassName: {{ . | quote }}
  {{- end }}
  {{- with $v.ingress.tlsSecret }}
  tls:
    - hosts:
        - {{ $v.ingress.host | quote }}
      secretName: {{ . | quote }}
  {{- end }}
  rules:
    - host: {{ $v.ingress.host | quote }}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: fateboard
                port:
                  number: 8080
{{- end }}
{{- end -}}

{{/*
fate.mysqlDeployment: the mysql Deployment of a party: the database and user are created by the
image on first start (MYSQL_DATABASE, MYSQL_USER, passwords from the credentials Secret), data in
the "data" volume (fate.dataVolume, sub-directory mysql[-<partyId>]).
Usage: {{ include "fate.mysqlDeployment" (dict "ctx" $) }}
Params:
  ctx (root context, required) with .Values.mysql (database, user, nodeSelector, resources) and
      .Values.image.mysqlTag
*/}}
{{- define "fate.mysqlDeployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mysql
  labels:
    {{- include "fate.labels" (dict "ctx" .ctx "component" "mysql") | nindent 4 }}
spec:
  replicas: 1
  strategy:
    type: Recreate
  selector:
    matchLabels:
      {{- include "fate.selectorLabels" (dict "ctx" .ctx "component" "mysql") | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "fate.labels" (dict "ctx" .ctx "component" "mysql") | nindent 8 }}
    spec:
      {{- include "fate.podSpecCommon" (dict "ctx" .ctx "nodeSelector" .ctx.Values.mysql.nodeSelector) | nindent 6 }}
      containers:
        - name: mysql
          image: {{ include "fate.image" (dict "ctx" .ctx "name" "mysql" "tag" .ctx.Values.image.mysqlTag) | quote }}
          imagePullPolicy: {{ .ctx.Values.image.pullPolicy }}
          env:
            {{- include "fate.secretEnv" (dict "ctx" .ctx "name" "MYSQL_ROOT_PASSWORD" "key" "mysql-root-password") | nindent 12 }}
            - name: MYSQL_DATABASE
              value: {{ .ctx.Values.mysql.database | quote }}
            - name: MYSQL_USER
              value: {{ .ctx.Values.mysql.user | quote }}
            {{- include "fate.secretEnv" (dict "ctx" .ctx "name" "MYSQL_PASSWORD" "key" "mysql-password") | nindent 12 }}
          ports:
            - name: mysql
              containerPort: 3306
              protocol: TCP
          {{- with include "fate.probes" (dict "ctx" .ctx "port" "mysql") }}{{ . | nindent 10 }}{{ end }}
          {{- with include "fate.resources" .ctx.Values.mysql.resources }}{{ . | nindent 10 }}{{ end }}
          {{- include "fate.containerSecurityContext" . | nindent 10 }}
          volumeMounts:
            {{- include "fate.dataMount" (dict "ctx" .ctx "name" "data" "path" "/var/lib/mysql" "subPath" "mysql") | nindent 12 }}
      volumes:
        {{- include "fate.dataVolume" (dict "ctx" .ctx "name" "data" "claim" "mysql-data") | nindent 8 }}
{{- end -}}
