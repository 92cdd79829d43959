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
