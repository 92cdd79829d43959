{{/*
Helpers of the fate-party chart (FATE 1.2/1.3 line). The helpers every chart shares (names, labels,
images, pod security, resources, probes, checksums, route tables, Java heap) are in
templates/_common.tpl, copied from charts/common/ by the generator; here is what only this chart
needs, and its fate.partyId. Every define is namespaced "fate.".
The templates also render with Helm 2 (Sprig 2): no lookup (except templates/secret.yaml, which
the Helm 2 bundle replaces), no get/dig, no must* functions.
*/}}

{{/*
fate.partyId: the FATE party id of this release (always a string of digits).
Usage: {{ include "fate.partyId" . }}
Params: the root context.
*/}}
{{- define "fate.partyId" -}}
{{- .Values.partyId | toString -}}
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
fate.dmzEnabled: "true" when the party runs its proxy on a DMZ host (dmz.federationNodePort set),
else "". Helm drops null values from values.yaml, so absent and null keys read the same.
Usage: {{ if include "fate.dmzEnabled" . }}...{{ end }}
Params: the root context.
*/}}
{{- define "fate.dmzEnabled" -}}
{{- if index .Values.dmz "federationNodePort" -}}true{{- end -}}
{{- end -}}

{{/*
fate.toolsImage: the image init containers run their shell scripts in when the pod's own image
cannot: the party's redis image (Debian: bash with /dev/tcp, coreutils timeout; see
charts/images.yaml). FATE's JVM images are Alpine with BusyBox sh only.
Usage: {{ include "fate.toolsImage" . }}
Params: the root context.
*/}}
{{- define "fate.toolsImage" -}}
{{- include "fate.image" (dict "ctx" . "name" "redis" "tag" .Values.image.redisTag) -}}
{{- end -}}

{{/*
fate.waitFor: an init container that blocks until every host:port target accepts TCP
connections, logging each attempt. It runs bash (/dev/tcp) in fate.toolsImage, whatever the
pod's own image is, and keeps components from crash-looping while mysql or meta-service start.
Usage: {{- include "fate.waitFor" (dict "ctx" $ "name" "mysql" "targets" (list "mysql:3306") "resources" .Values.roll.resources) | nindent 8 }}
Params:
  ctx       (root context, required)
  name      (string, required) suffix of the init container name: wait-for-<name>
  targets   (list of "host:port" strings, required)
  resources (map, required; may be empty) the pod's main container resources, so the init
            container never raises the pod's effective request
*/}}
{{- define "fate.waitFor" -}}
- name: wait-for-{{ .name }}
  image: {{ include "fate.toolsImage" .ctx | quote }}
  imagePullPolicy: {{ .ctx.Values.image.pullPolicy }}
  command:
    - bash
    - -c
    - |
      for target in "$@"; do
        host="${target%:*}"
        port="${target##*:}"
        until timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null; do
          echo "$(date -u '+%Y-%m-%dT%H:%M:%SZ') wait-for: ${host}:${port} is not reachable yet, retrying in 3s"
          sleep 3
        done
        echo "$(date -u '+%Y-%m-%dT%H:%M:%SZ') wait-for: ${host}:${port} is reachable"
      done
    - wait-for
    {{- range .targets }}
    - {{ . | quote }}
    {{- end }}
  {{- with include "fate.resources" .resources }}{{ . | nindent 2 }}{{ end }}
  {{- include "fate.containerSecurityContext" . | nindent 2 }}
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
fate.validateValues: checks what the schema cannot express and fails once with every problem.
Usage: {{ include "fate.validateValues" . }}
Params: the root context.
*/}}
{{- define "fate.validateValues" -}}
{{- $msgs := list -}}
{{- $v := .Values -}}
{{- $proxyNodePort := index $v.proxy "nodePort" -}}
{{- $fedNodePort := index $v.dmz "federationNodePort" -}}
{{- $flowNodePort := index $v.dmz "fateflowNodePort" -}}
{{- if and $v.proxy.enabled (not $proxyNodePort) -}}
{{- $msgs = append $msgs "proxy.nodePort: required when proxy.enabled is true (the proxy Service is a NodePort with a fixed port)" -}}
{{- end -}}
{{- if and $v.proxy.enabled (ne (int $v.proxy.port) 9370) -}}
{{- $msgs = append $msgs (printf "proxy.port: must be 9370 when proxy.enabled is true (the in-cluster proxy listens on 9370), got %v" $v.proxy.port) -}}
{{- end -}}
{{- if ne (empty $fedNodePort) (empty $flowNodePort) -}}
{{- $msgs = append $msgs "dmz: set both federationNodePort and fateflowNodePort (DMZ mode) or neither" -}}
{{- end -}}
{{- if and $v.proxy.enabled (or $fedNodePort $flowNodePort) -}}
{{- $msgs = append $msgs "dmz: DMZ mode (dmz.*NodePort set) needs proxy.enabled false: the proxy runs on the DMZ host" -}}
{{- end -}}
{{- if and (not $v.proxy.enabled) (not (and $fedNodePort $flowNodePort)) -}}
{{- $msgs = append $msgs "proxy.enabled: false is DMZ mode and needs dmz.federationNodePort and dmz.fateflowNodePort" -}}
{{- end -}}
{{- if and (not $v.proxy.enabled) (eq $v.proxy.host "proxy") -}}
{{- $msgs = append $msgs "proxy.host: with proxy.enabled false it must name the DMZ host, not \"proxy\"" -}}
{{- end -}}
{{- $ports := list -}}
{{- range (list $proxyNodePort $fedNodePort $flowNodePort) -}}
{{- if . -}}
{{- if has (int .) $ports -}}
{{- $msgs = append $msgs (printf "node ports must be distinct: %v is used twice (proxy.nodePort, dmz.*NodePort)" .) -}}
{{- end -}}
{{- $ports = append $ports (int .) -}}
{{- end -}}
{{- end -}}
{{- if $v.proxy.enabled -}}
{{- $own := index $v.proxy.routeTable (toString $v.partyId) -}}
{{- if not $own -}}
{{- $msgs = append $msgs (printf "proxy.routeTable: needs an entry for the own party %q (roles fate and fateflow)" (toString $v.partyId)) -}}
{{- else if not (and (hasKey $own "fate") (hasKey $own "fateflow")) -}}
{{- $msgs = append $msgs (printf "proxy.routeTable.%s: needs the roles fate (federation:9394) and fateflow (fateflow:9360)" (toString $v.partyId)) -}}
{{- end -}}
{{- end -}}
{{- $eggNames := list -}}
{{- range $v.eggs -}}
{{- if has .name $eggNames -}}
{{- $msgs = append $msgs (printf "eggs: the name %q is used twice" .name) -}}
{{- end -}}
{{- $eggNames = append $eggNames .name -}}
{{- end -}}
{{- if eq $v.mysql.user "root" -}}
{{- $msgs = append $msgs "mysql.user: must not be root (the mysql image creates this user for the FATE database)" -}}
{{- end -}}
{{- $type := $v.persistence.type -}}
{{- if and (eq $type "nfs") (or (not $v.persistence.nfs.server) (not $v.persistence.nfs.path)) -}}
{{- $msgs = append $msgs "persistence.nfs: server and path are required when persistence.type is nfs" -}}
{{- end -}}
{{- if and (eq $type "existingClaim") (not $v.persistence.existingClaim) -}}
{{- $msgs = append $msgs "persistence.existingClaim: required when persistence.type is existingClaim" -}}
{{- end -}}
{{- if and $v.ingress.enabled (not $v.ingress.host) -}}
{{- $msgs = append $msgs "ingress.host: required when ingress.enabled is true" -}}
{{- end -}}
{{- if not $v.credentials.existingSecret -}}
{{- range $key := list "mysqlRootPassword" "mysqlPassword" "redisPassword" -}}
{{- if not (index $v.credentials $key) -}}
{{- $msgs = append $msgs (printf "credentials.%s: required unless credentials.existingSecret is set" $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range splitList "\n" (include "fate.heapProblems" (list (list "proxy" $v.proxy) (list "federation" $v.federation) (list "metaService" $v.metaService) (list "roll" $v.roll) (list "egg" $v.egg) (list "python.fateboard" $v.python.fateboard))) -}}
{{- if . -}}
{{- $msgs = append $msgs . -}}
{{- end -}}
{{- end -}}
{{- if $msgs -}}
{{- fail (printf "\n\nVALUES VALIDATION:\n  - %s\n" (join "\n  - " $msgs)) -}}
{{- end -}}
{{- end -}}
