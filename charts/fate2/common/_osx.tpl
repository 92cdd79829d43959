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
  route_table.json: route_table and the mandatory self_party, as JSON.
Usage: {{- include "fate.osxConfig" (dict "ctx" $ "osx" .Values.osx "clusterManager" "clustermanager") | nindent 2 }}
Params:
  ctx            (root context, required)
  osx            (map, required) routeTable, selfParty
  clusterManager (string, optional) host of the party's eggroll clustermanager; absent for the
                 exchange, which holds no data of its own
*/}}
{{- define "fate.osxConfig" -}}
broker.properties: |
  grpc.port=9370
  open.http.server=false
  open.grpc.tls.server=false
  use.remote.health.check=false
  eggroll.version=3.2.0
  {{- with .clusterManager }}
  eggroll.cluster.manager.ip={{ . }}
  eggroll.cluster.manager.port=4670
  {{- end }}
route_table.json: |
  {{- toPrettyJson (dict "route_table" .osx.routeTable "self_party" .osx.selfParty) | nindent 2 }}
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
  {{- with include "fate.probes" (dict "ctx" .ctx "port" "osx") }}{{ . | nindent 2 }}{{ end }}
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
{{- end -}}

{{/*
fate.osxService: the NodePort Service "osx": peers reach OSX at <any node IP>:<nodePort>.
Usage: {{ include "fate.osxService" (dict "ctx" $ "nodePort" .Values.osx.nodePort) }}
Params:
  ctx      (root context, required)
  nodePort (number, required)
*/}}
{{- define "fate.osxService" -}}
apiVersion: v1
kind: Service
metadata:
  name: osx
  labels:
    {{- include "fate.labels" (dict "ctx" .ctx "component" "osx") | nindent 4 }}
spec:
  type: NodePort
  selector:
    {{- include "fate.selectorLabels" (dict "ctx" .ctx "component" "osx") | nindent 4 }}
  ports:
    - name: grpc
      port: 9370
      targetPort: osx
      nodePort: {{ int .nodePort }}
      protocol: TCP
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
        checksum/config: {{ include "fate.checksum" (dict "ctx" .ctx "files" (list "configmap-osx.yaml")) }}
    spec:
      {{- include "fate.podSpecCommon" (dict "ctx" .ctx "nodeSelector" .osx.nodeSelector) | nindent 6 }}
      containers:
        {{- include "fate.osxContainer" . | nindent 8 }}
      volumes:
        - name: osx-config
          configMap:
            name: osx-config
{{- end -}}
