{{/*
OSX helpers shared by the two FATE 2.2 charts (party and exchange); the generator copies this file
into both as templates/_osx.tpl. OSX 1.1.0 is FATE 2.2's proxy; every fact below is from
charts/images.yaml (entry osx-2.2): an Alpine image with BusyBox sh only, WORKDIR
/data/projects/fate/osx, configuration read from <-c dir>/broker/, a stale image CMD that the
charts always replace.
*/}}

{{/*
fate.osxConfig: the data of the osx-config ConfigMap: broker.properties and route_table.json.
  broker.properties: only keys OSX 1.1.0 reads (MetaInfo @Config); self.party is not one of them
  (the local party is route_table.json's self_party). The HTTP server (on by default) is off.
  With osx.tls.enabled, the TLS server on 9371 (open.grpc.tls.server, grpc.tls.port) with the
  Secret's files, and client certificates required (grpc.ssl.open.client.validate: without it
  OSX does one-way TLS only).
  route_table.json: route_table and the mandatory self_party, as JSON. With osx.tls.enabled,
  every route to another party or the exchange (any entry not in self_party) carries useSSL and
  the Secret's files: OSX then dials it over TLS with this OSX's certificate, and checks the
  peer's certificate names the route's ip.
Usage: {{- include "fate.osxConfig" (dict "ctx" $ "osx" .Values.osx "clusterManager" "clustermanager") | nindent 2 }}
Params:
  ctx            (root context, required)
  osx            (map, required) routeTable, selfParty, tls.enabled
  clusterManager (string, optional) host of the party's eggroll clustermanager; absent for the
                 exchange, which holds no data of its own
*/}}
{{- define "fate.osxConfig" -}}
{{- $tls := .osx.tls.enabled -}}
{{- $files := include "fate.osxTlsFiles" . | fromYaml -}}
{{- $routes := .osx.routeTable -}}
{{- if $tls -}}
{{- $routes = dict -}}
{{- range $party, $roles := .osx.routeTable -}}
{{- if has $party $.osx.selfParty -}}
{{- $_ := set $routes $party $roles -}}
{{- else -}}
{{- $secure := dict -}}
{{- range $role, $endpoints := $roles -}}
{{- $list := list -}}
{{- range $endpoints -}}
{{- $list = append $list (merge (dict "useSSL" true "caFile" $files.ca "certChainFile" $files.cert "privateKeyFile" $files.key) .) -}}
{{- end -}}
{{- $_ := set $secure $role $list -}}
{{- end -}}
{{- $_ := set $routes $party $secure -}}
{{- end -}}
{{- end -}}
{{- end -}}
broker.properties: |
  grpc.port=9370
  open.http.server=false
  use.remote.health.check=false
  eggroll.version=3.2.0
  {{- with .clusterManager }}
  eggroll.cluster.manager.ip={{ . }}
  eggroll.cluster.manager.port=4670
  {{- end }}
  {{- if $tls }}
  open.grpc.tls.server=true
  grpc.tls.port=9371
  grpc.server.cert.chain.file={{ $files.cert }}
  grpc.server.private.key.file={{ $files.key }}
  grpc.server.ca.file={{ $files.ca }}
  grpc.ssl.open.client.validate=true
  {{- else }}
  open.grpc.tls.server=false
  {{- end }}
route_table.json: |
  {{- toPrettyJson (dict "route_table" $routes "self_party" .osx.selfParty) | nindent 2 }}
{{- end -}}

{{/*
fate.osxTlsFiles: where the osx-tls Secret's files are in the OSX container (absolute: OSX
resolves relative paths against its working directory), as YAML (ca, cert, key).
Usage: {{ include "fate.osxTlsFiles" . | fromYaml }}
Params: any.
*/}}
{{- define "fate.osxTlsFiles" -}}
ca: /data/projects/fate/osx/conf/tls/ca.crt
cert: /data/projects/fate/osx/conf/tls/tls.crt
key: /data/projects/fate/osx/conf/tls/tls.key
{{- end -}}

{{/*
fate.osxTlsSecret: the Secret osx-tls (kubernetes.io/tls, plus ca.crt) with this OSX's
certificate and key and the federation authority's certificate, when osx.tls.enabled. Its
content is in the OSX pod's checksum, so new certificates roll the pod (OSX reads them once, at
start).
Usage: {{ include "fate.osxTlsSecret" (dict "ctx" $ "osx" .Values.osx) }}
Params:
  ctx (root context, required)
  osx (map, required) tls.{enabled,ca,cert,key}
*/}}
{{- define "fate.osxTlsSecret" -}}
{{- if .osx.tls.enabled }}
apiVersion: v1
kind: Secret
metadata:
  name: osx-tls
  labels:
    {{- include "fate.labels" (dict "ctx" .ctx "component" "osx") | nindent 4 }}
type: kubernetes.io/tls
data:
  ca.crt: {{ .osx.tls.ca | b64enc | quote }}
  tls.crt: {{ .osx.tls.cert | b64enc | quote }}
  tls.key: {{ .osx.tls.key | b64enc | quote }}
{{- end }}
{{- end -}}

{{/*
fate.osxContainer: the OSX container. Its own start command (the image's CMD names a main class
and a -c file that OSX 1.1.0 does not have): java with the classpath of FATE's compose file and
service.sh (conf/broker/, lib/*, extension/*, the broker jar, pb_lib/v3/* for eggroll 3) and
-c /data/projects/fate/osx/conf. broker.properties and route_table.json are mounted one by one
into conf/broker/, so conf/components/ of the image stays visible. The heap comes from
JAVA_TOOL_OPTIONS (fate.javaHeapEnv): the compose file's -Xms4g -Xmx4g is left out; direct
buffers are bounded (1g) so heap plus buffers stay inside the memory limit (values: 4Gi, 2g).
Usage: {{- include "fate.osxContainer" (dict "ctx" $ "osx" .Values.osx "tag" .Values.image.tags.osx) | nindent 8 }}
Params:
  ctx (root context, required)
  osx (map, required) resources, javaHeap
  tag (string, required) the osx image tag
*/}}
{{- define "fate.osxContainer" -}}
- name: osx
  image: {{ include "fate.image" (dict "ctx" .ctx "name" "osx" "fateTag" .tag) | quote }}
  imagePullPolicy: {{ .ctx.Values.image.pullPolicy }}
  workingDir: /data/projects/fate/osx
  command:
    - java
    - -server
    - -XX:+UseG1GC
    - -XX:-OmitStackTraceInFastThrow
    - -XX:MaxDirectMemorySize=1g
    - -cp
    - conf/broker/:lib/*:extension/*:lib/osx-broker-1.1.0.jar:pb_lib/v3/*
    - org.fedai.osx.broker.Bootstrap
    - -c
    - /data/projects/fate/osx/conf
  env:
    {{- include "fate.javaHeapEnv" .osx.javaHeap | nindent 4 }}
  ports:
    - name: osx
      containerPort: 9370
      protocol: TCP
    {{- if .osx.tls.enabled }}
    - name: osx-tls
      containerPort: 9371
      protocol: TCP
    {{- end }}
  {{- /* With TLS the probes watch the TLS port: OSX keeps running without it when its
  certificate or key cannot be read (it only logs "server init error"). */}}
  {{- with include "fate.probes" (dict "ctx" .ctx "port" (ternary "osx-tls" "osx" .osx.tls.enabled)) }}{{ . | nindent 2 }}{{ end }}
  {{- with include "fate.resources" .osx.resources }}{{ . | nindent 2 }}{{ end }}
  {{- include "fate.containerSecurityContext" . | nindent 2 }}
  volumeMounts:
    - name: osx-config
      mountPath: /data/projects/fate/osx/conf/broker/broker.properties
      subPath: broker.properties
      readOnly: true
    - name: osx-config
      mountPath: /data/projects/fate/osx/conf/broker/route_table.json
      subPath: route_table.json
      readOnly: true
    {{- if .osx.tls.enabled }}
    - name: osx-tls
      mountPath: /data/projects/fate/osx/conf/tls
      readOnly: true
    {{- end }}
{{- end -}}

{{/*
fate.osxService: how peers reach OSX at <any node IP>:<nodePort>. Without TLS the Service "osx"
is that NodePort (plaintext gRPC 9370). With osx.tls.enabled the NodePort is the Service
"osx-tls" (TLS port 9371), and "osx" stays inside the cluster (ClusterIP, 9370) for the party's
own fateflow; the exchange, which has no in-cluster client, has only "osx-tls".
Usage: {{ include "fate.osxService" (dict "ctx" $ "osx" .Values.osx "inCluster" true) }}
Params:
  ctx       (root context, required)
  osx       (map, required) nodePort, tls.enabled
  inCluster (bool, optional) keep the plaintext "osx" Service for in-cluster clients with TLS
*/}}
{{- define "fate.osxService" -}}
{{- $tls := .osx.tls.enabled -}}
{{- if or (not $tls) .inCluster }}
apiVersion: v1
kind: Service
metadata:
  name: osx
  labels:
    {{- include "fate.labels" (dict "ctx" .ctx "component" "osx") | nindent 4 }}
spec:
  type: {{ ternary "ClusterIP" "NodePort" $tls }}
  selector:
    {{- include "fate.selectorLabels" (dict "ctx" .ctx "component" "osx") | nindent 4 }}
  ports:
    - name: grpc
      port: 9370
      targetPort: osx
      {{- if not $tls }}
      nodePort: {{ int .osx.nodePort }}
      {{- end }}
      protocol: TCP
{{- end }}
{{- if $tls }}
---
apiVersion: v1
kind: Service
metadata:
  name: osx-tls
  labels:
    {{- include "fate.labels" (dict "ctx" .ctx "component" "osx") | nindent 4 }}
spec:
  type: NodePort
  selector:
    {{- include "fate.selectorLabels" (dict "ctx" .ctx "component" "osx") | nindent 4 }}
  ports:
    - name: grpc-tls
      port: 9371
      targetPort: osx-tls
      nodePort: {{ int .osx.nodePort }}
      protocol: TCP
{{- end }}
{{- end -}}

{{/*
fate.osxDeployment: the OSX Deployment. route_table.json is mounted with subPath, which the
kubelet does not refresh, so a changed table rolls the pod through the checksum annotation.
Usage: {{ include "fate.osxDeployment" (dict "ctx" $ "osx" .Values.osx "tag" .Values.image.tags.osx) }}
Params: as fate.osxContainer.
*/}}
{{- define "fate.osxDeployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: osx
  labels:
    {{- include "fate.labels" (dict "ctx" .ctx "component" "osx") | nindent 4 }}
spec:
  replicas: 1
  strategy:
    type: Recreate
  selector:
    matchLabels:
      {{- include "fate.selectorLabels" (dict "ctx" .ctx "component" "osx") | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "fate.labels" (dict "ctx" .ctx "component" "osx") | nindent 8 }}
      annotations:
        checksum/config: {{ include "fate.checksum" (dict "ctx" .ctx "files" (list "configmap-osx.yaml" "secret-osx-tls.yaml")) }}
    spec:
      {{- include "fate.podSpecCommon" (dict "ctx" .ctx "nodeSelector" .osx.nodeSelector) | nindent 6 }}
      containers:
        {{- include "fate.osxContainer" . | nindent 8 }}
      volumes:
        - name: osx-config
          configMap:
            name: osx-config
        {{- if .osx.tls.enabled }}
        - name: osx-tls
          secret:
            secretName: osx-tls
            defaultMode: 0400
        {{- end }}
{{- end -}}
