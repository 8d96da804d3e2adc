/**
 * KubeletConfiguration (`kubelet.config.k8s.io/v1beta1`): every field of the Kubernetes source
 * (`staging/src/k8s.io/kubelet/config/v1beta1/types.go`), with its documentation, as one schema
 * that gives both the TypeScript type and the runtime check. Every field is optional: unset means
 * "the kubelet's default", which differs from `false` or `0` for the pointer fields.
 */
import {
  boolean,
  duration,
  either,
  enumOf,
  field as f,
  float64,
  int32,
  int64,
  listOf,
  mapOf,
  quantity,
  quantityOrPercent,
  string,
  struct,
  type TypeOf,
} from "./schema.js";

const webhookAuthentication = struct({
  enabled: f(
    boolean,
    "enabled allows bearer token authentication backed by the tokenreviews.authentication.k8s.io API.",
  ),
  cacheTTL: f(duration, "cacheTTL enables caching of authentication results."),
});

const authentication = struct({
  x509: f(
    struct({
      clientCAFile: f(
        string,
        "clientCAFile is the path to a PEM-encoded certificate bundle. If set, any request presenting a client certificate signed by one of the authorities in the bundle is authenticated with a username corresponding to the CommonName, and groups corresponding to the Organization in the client certificate.",
      ),
    }),
    "x509 contains settings related to x509 client certificate authentication.",
  ),
  webhook: f(
    webhookAuthentication,
    "webhook contains settings related to webhook bearer token authentication.",
  ),
  anonymous: f(
    struct({
      enabled: f(
        boolean,
        "enabled allows anonymous requests to the kubelet server. Requests that are not rejected by another authentication method are treated as anonymous requests. Anonymous requests have a username of `system:anonymous`, and a group name of `system:unauthenticated`.",
      ),
    }),
    "anonymous contains settings related to anonymous authentication.",
  ),
});

const authorization = struct({
  mode: f(
    enumOf(["AlwaysAllow", "Webhook"]),
    "mode is the authorization mode to apply to requests to the kubelet server. Valid values are `AlwaysAllow` and `Webhook`. Webhook mode uses the SubjectAccessReview API to determine authorization.",
  ),
  webhook: f(
    struct({
      cacheAuthorizedTTL: f(
        duration,
        "cacheAuthorizedTTL is the duration to cache 'authorized' responses from the webhook authorizer.",
      ),
      cacheUnauthorizedTTL: f(
        duration,
        "cacheUnauthorizedTTL is the duration to cache 'unauthorized' responses from the webhook authorizer.",
      ),
    }),
    "webhook contains settings related to Webhook authorization.",
  ),
});

export const logging = struct({
  format: f(enumOf(["text", "json"]), "Format is the log output format. Default: text."),
  flushFrequency: f(
    either(duration, int64),
    'Maximum time between log flushes: a duration string, or integer nanoseconds. Default: "5s".',
  ),
  verbosity: f(
    int32,
    "Verbosity is the threshold that determines which log messages are logged. Default is zero which logs only the most important messages.",
  ),
  vmodule: f(
    listOf(
      struct({
        filePattern: f(string, "File name pattern."),
        verbosity: f(int32, "Verbosity for files matching the pattern."),
      }),
    ),
    'VModule overrides the verbosity threshold for individual files. Only supported for "text" log format.',
  ),
  options: f(
    struct({
      text: f(
        struct({
          splitStream: f(boolean, "Send error messages to stderr, info to stdout."),
          infoBufferSize: f(quantity, "Buffer size for info messages."),
        }),
        "Text format options.",
      ),
      json: f(
        struct({
          splitStream: f(boolean, "Send error messages to stderr, info to stdout."),
          infoBufferSize: f(quantity, "Buffer size for info messages."),
        }),
        "JSON format options.",
      ),
    }),
    "[Alpha] Options holds additional parameters that are specific to the different logging formats.",
  ),
});

const taint = struct({
  key: f(string, "The taint key to be applied to a node."),
  value: f(string, "The taint value corresponding to the taint key."),
  effect: f(
    enumOf(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
    "The effect of the taint on pods that do not tolerate the taint.",
  ),
  timeAdded: f(string, "TimeAdded represents the time at which the taint was added (RFC 3339)."),
});

/** The KubeletConfiguration schema. */
export const kubeletConfigurationSchema = struct({
  apiVersion: f(
    enumOf(["kubelet.config.k8s.io/v1beta1"]),
    "APIVersion of this configuration: kubelet.config.k8s.io/v1beta1.",
  ),
  kind: f(enumOf(["KubeletConfiguration"]), "Kind of this configuration: KubeletConfiguration."),
  enableServer: f(
    boolean,
    "enableServer enables Kubelet's secured server. Note: Kubelet's insecure port is controlled by the readOnlyPort option. Default: true",
  ),
  staticPodPath: f(
    string,
    'staticPodPath is the path to the directory containing local (static) pods to run, or the path to a single static pod file. Default: ""',
  ),
  podLogsDir: f(
    string,
    'podLogsDir is a custom root directory path kubelet will use to place pod\'s log files. Default: "/var/log/pods/". Note: it is not recommended to use the temp folder as a log directory as it may cause unexpected behavior in many places.',
  ),
  syncFrequency: f(
    duration,
    'syncFrequency is the max period between synchronizing running containers and config. Default: "1m"',
  ),
  fileCheckFrequency: f(
    duration,
    'fileCheckFrequency is the duration between checking config files for new data. Default: "20s"',
  ),
  httpCheckFrequency: f(
    duration,
    'httpCheckFrequency is the duration between checking http for new data. Default: "20s"',
  ),
  staticPodURL: f(string, 'staticPodURL is the URL for accessing static pods to run. Default: ""'),
  staticPodURLHeader: f(
    mapOf(listOf(string)),
    "staticPodURLHeader is a map of slices with HTTP headers to use when accessing the podURL. Default: nil",
  ),
  address: f(
    string,
    'address is the IP address for the Kubelet to serve on (set to 0.0.0.0 for all interfaces). Default: "0.0.0.0"',
  ),
  port: f(
    int32,
    "port is the port for the Kubelet to serve on. The port number must be between 1 and 65535, inclusive. Default: 10250",
  ),
  readOnlyPort: f(
    int32,
    "readOnlyPort is the read-only port for the Kubelet to serve on with no authentication/authorization. The port number must be between 1 and 65535, inclusive. Setting this field to 0 disables the read-only service. Default: 0 (disabled)",
  ),
  tlsCertFile: f(
    string,
    'tlsCertFile is the file containing x509 Certificate for HTTPS. (CA cert, if any, concatenated after server cert). If tlsCertFile and tlsPrivateKeyFile are not provided, a self-signed certificate and key are generated for the public address and saved to the directory passed to the Kubelet\'s --cert-dir flag. Default: ""',
  ),
  tlsPrivateKeyFile: f(
    string,
    'tlsPrivateKeyFile is the file containing x509 private key matching tlsCertFile. Default: ""',
  ),
  tlsCipherSuites: f(
    listOf(string),
    "tlsCipherSuites is the list of allowed cipher suites for the server. Note that TLS 1.3 ciphersuites are not configurable. Values are from tls package constants (https://golang.org/pkg/crypto/tls/#pkg-constants). Default: nil",
  ),
  tlsCurvePreferences: f(
    listOf(int32),
    "tlsCurvePreferences is the set of allowed key exchange mechanisms for the server, specified as numeric Go crypto/tls CurveID values. If empty, the default Go curves will be used. Default: nil",
  ),
  tlsMinVersion: f(
    enumOf(["VersionTLS10", "VersionTLS11", "VersionTLS12", "VersionTLS13"]),
    'tlsMinVersion is the minimum TLS version supported. Values are from tls package constants (https://golang.org/pkg/crypto/tls/#pkg-constants). Default: ""',
  ),
  rotateCertificates: f(
    boolean,
    "rotateCertificates enables client certificate rotation. The Kubelet will request a new certificate from the certificates.k8s.io API. This requires an approver to approve the certificate signing requests. Default: false",
  ),
  serverTLSBootstrap: f(
    boolean,
    "serverTLSBootstrap enables server certificate bootstrap. Instead of self signing a serving certificate, the Kubelet will request a certificate from the 'certificates.k8s.io' API. This requires an approver to approve the certificate signing requests (CSR). The RotateKubeletServerCertificate feature must be enabled when setting this field. Default: false",
  ),
  authentication: f(
    authentication,
    'authentication specifies how requests to the Kubelet\'s server are authenticated. Defaults: anonymous.enabled: false; webhook.enabled: true; webhook.cacheTTL: "2m"',
  ),
  authorization: f(
    authorization,
    'authorization specifies how requests to the Kubelet\'s server are authorized. Defaults: mode: Webhook; webhook.cacheAuthorizedTTL: "5m"; webhook.cacheUnauthorizedTTL: "30s"',
  ),
  registryPullQPS: f(
    int32,
    "registryPullQPS is the limit of registry pulls per second. The value must not be a negative number. Setting it to 0 means no limit. Default: 5",
  ),
  registryBurst: f(
    int32,
    "registryBurst is the maximum size of bursty pulls, temporarily allows pulls to burst to this number, while still not exceeding registryPullQPS. The value must not be a negative number. Only used if registryPullQPS is greater than 0. Default: 10",
  ),
  imagePullCredentialsVerificationPolicy: f(
    enumOf([
      "NeverVerify",
      "NeverVerifyPreloadedImages",
      "NeverVerifyAllowlistedImages",
      "AlwaysVerify",
    ]),
    "imagePullCredentialsVerificationPolicy determines how credentials should be verified when pod requests an image that is already present on the node: NeverVerify (anyone on a node can use any image present on the node), NeverVerifyPreloadedImages (images that were pulled to the node by something else than the kubelet can be used without reverifying pull credentials), NeverVerifyAllowlistedImages (like NeverVerifyPreloadedImages but only node images from `preloadedImagesVerificationAllowlist` don't require reverification), AlwaysVerify (all images require credential reverification).",
  ),
  preloadedImagesVerificationAllowlist: f(
    listOf(string),
    'preloadedImagesVerificationAllowlist specifies a list of images that are exempted from credential reverification for the "NeverVerifyAllowlistedImages" `imagePullCredentialsVerificationPolicy`. The list accepts a full path segment wildcard suffix "/*". Only use image specs without an image tag or digest.',
  ),
  eventRecordQPS: f(
    int32,
    "eventRecordQPS is the maximum event creations per second. If 0, there is no limit enforced. The value cannot be a negative number. Default: 50",
  ),
  eventBurst: f(
    int32,
    "eventBurst is the maximum size of a burst of event creations, temporarily allows event creations to burst to this number, while still not exceeding eventRecordQPS. This field canot be a negative number and it is only used when eventRecordQPS > 0. Default: 100",
  ),
  enableDebuggingHandlers: f(
    boolean,
    "enableDebuggingHandlers enables server endpoints for log access and local running of containers and commands, including the exec, attach, logs, and portforward features. Default: true",
  ),
  enableContentionProfiling: f(
    boolean,
    "enableContentionProfiling enables block profiling, if enableDebuggingHandlers is true. Default: false",
  ),
  healthzPort: f(
    int32,
    "healthzPort is the port of the localhost healthz endpoint (set to 0 to disable). A valid number is between 1 and 65535. Default: 10248",
  ),
  healthzBindAddress: f(
    string,
    'healthzBindAddress is the IP address for the healthz server to serve on. Default: "127.0.0.1"',
  ),
  oomScoreAdj: f(
    int32,
    "oomScoreAdj is The oom-score-adj value for kubelet process. Values must be within the range [-1000, 1000]. Default: -999",
  ),
  clusterDomain: f(
    string,
    'clusterDomain is the DNS domain for this cluster. If set, kubelet will configure all containers to search this domain in addition to the host\'s search domains. Default: ""',
  ),
  clusterDNS: f(
    listOf(string),
    "clusterDNS is a list of IP addresses for the cluster DNS server. If set, kubelet will configure all containers to use this for DNS resolution instead of the host's DNS servers. Default: nil",
  ),
  streamingConnectionIdleTimeout: f(
    duration,
    'streamingConnectionIdleTimeout is the maximum time a streaming connection can be idle before the connection is automatically closed. Deprecated: no longer has any effect. Default: "4h"',
  ),
  nodeStatusUpdateFrequency: f(
    duration,
    'nodeStatusUpdateFrequency is the frequency that kubelet computes node status and checks if an update to the API server is necessary. Status is posted to the API server either when it changes or when nodeStatusReportFrequency has elapsed since the last report. Default: "10s"',
  ),
  nodeStatusReportFrequency: f(
    duration,
    'nodeStatusReportFrequency is the frequency that kubelet posts node status to the API server if node status does not change. Kubelet will ignore this frequency and post node status immediately if any change is detected. If nodeStatusUpdateFrequency is set explicitly, nodeStatusReportFrequency\'s default value will be set to nodeStatusUpdateFrequency for backward compatibility. Default: "5m"',
  ),
  nodeLeaseDurationSeconds: f(
    int32,
    "nodeLeaseDurationSeconds is the duration the Kubelet will set on its corresponding Lease. NodeLease provides an indicator of node health by having the Kubelet create and periodically renew a lease, named after the node, in the kube-node-lease namespace. If the lease expires, the node can be considered unhealthy. The field value must be greater than 0. Default: 40",
  ),
  imageMinimumGCAge: f(
    duration,
    'imageMinimumGCAge is the minimum age for an unused image before it is garbage collected. The field value must be greater than 0. If unset or 0, defaults to 2m. Default: "2m"',
  ),
  imageMaximumGCAge: f(
    duration,
    'imageMaximumGCAge is the maximum age an image can be unused before it is garbage collected. The default of this field is "0s", which disables this field--meaning images won\'t be garbage collected based on being unused for too long. Default: "0s" (disabled)',
  ),
  imageGCHighThresholdPercent: f(
    int32,
    "imageGCHighThresholdPercent is the percent of disk usage after which image garbage collection is always run. The percent is calculated by dividing this field value by 100, so this field must be between 0 and 100, inclusive. When specified, the value must be greater than imageGCLowThresholdPercent. Default: 85",
  ),
  imageGCLowThresholdPercent: f(
    int32,
    "imageGCLowThresholdPercent is the percent of disk usage before which image garbage collection is never run. Lowest disk usage to garbage collect to. The percent is calculated by dividing this field value by 100, so the field value must be between 0 and 100, inclusive. When specified, the value must be less than imageGCHighThresholdPercent. Default: 80",
  ),
  volumeStatsAggPeriod: f(
    duration,
    'volumeStatsAggPeriod is the frequency for calculating and caching volume disk usage for all pods. Default: "1m"',
  ),
  kubeletCgroups: f(
    string,
    'kubeletCgroups is the absolute name of cgroups to isolate the kubelet in. Default: ""',
  ),
  systemCgroups: f(
    string,
    'systemCgroups is absolute name of cgroups in which to place all non-kernel processes that are not already in a container. Empty for no container. Rolling back the flag requires a reboot. The cgroupRoot must be specified if this field is not empty. Default: ""',
  ),
  cgroupRoot: f(
    string,
    "cgroupRoot is the root cgroup to use for pods. This is handled by the container runtime on a best effort basis.",
  ),
  cgroupsPerQOS: f(
    boolean,
    "cgroupsPerQOS enable QoS based CGroup hierarchy: top level CGroups for QoS classes and all Burstable and BestEffort Pods are brought up under their specific top level QoS CGroup. Default: true",
  ),
  cgroupDriver: f(
    enumOf(["cgroupfs", "systemd"]),
    'cgroupDriver is the driver kubelet uses to manipulate CGroups on the host (cgroupfs or systemd). Default: "cgroupfs"',
  ),
  cpuManagerPolicy: f(
    enumOf(["none", "static"]),
    'cpuManagerPolicy is the name of the policy to use. Default: "None"',
  ),
  singleProcessOOMKill: f(
    boolean,
    "singleProcessOOMKill, if true, will prevent the `memory.oom.group` flag from being set for container cgroups in cgroups v2. This causes processes in the container to be OOM killed individually instead of as a group. It means that if true, the behavior aligns with the behavior of cgroups v1. The default value is determined automatically when you don't specify. On non-linux such as windows, only null / absent is allowed. On cgroup v1 linux, only null / absent and true are allowed. On cgroup v2 linux, null / absent, true and false are allowed. The default value is false.",
  ),
  cpuManagerPolicyOptions: f(
    mapOf(string),
    "cpuManagerPolicyOptions is a set of key=value which allows to set extra options to fine tune the behaviour of the cpu manager policies. Default: nil",
  ),
  cpuManagerReconcilePeriod: f(
    duration,
    'cpuManagerReconcilePeriod is the reconciliation period for the CPU Manager. Default: "10s"',
  ),
  draManagerReconcilePeriod: f(
    duration,
    'draManagerReconcilePeriod is the reconciliation period for the DRA Manager. Default: "60s"',
  ),
  memoryManagerPolicy: f(
    enumOf(["None", "Static"]),
    'memoryManagerPolicy is the name of the policy to use by memory manager. Requires the MemoryManager feature gate to be enabled. Default: "none"',
  ),
  topologyManagerPolicy: f(
    enumOf(["none", "best-effort", "restricted", "single-numa-node"]),
    'topologyManagerPolicy is the name of the topology manager policy to use. Valid values include: `restricted` (kubelet only allows pods with optimal NUMA node alignment for requested resources), `best-effort` (kubelet will favor pods with NUMA alignment of CPU and device resources), `none` (kubelet has no knowledge of NUMA alignment of a pod\'s CPU and device resources), `single-numa-node` (kubelet only allows pods with a single NUMA alignment of CPU and device resources). Default: "none"',
  ),
  topologyManagerScope: f(
    enumOf(["container", "pod"]),
    'topologyManagerScope represents the scope of topology hint generation that topology manager requests and hint providers generate. Valid values include: `container` (topology policy is applied on a per-container basis), `pod` (topology policy is applied on a per-pod basis). Default: "container"',
  ),
  topologyManagerPolicyOptions: f(
    mapOf(string),
    'TopologyManagerPolicyOptions is a set of key=value which allows to set extra options to fine tune the behaviour of the topology manager policies. Requires both the "TopologyManager" and "TopologyManagerPolicyOptions" feature gates to be enabled. Default: nil',
  ),
  qosReserved: f(
    mapOf(quantityOrPercent),
    'qosReserved is a set of resource name to percentage pairs that specify the minimum percentage of a resource reserved for exclusive use by the guaranteed QoS tier. Currently supported resources: "memory". Requires the QOSReserved feature gate to be enabled. Default: nil',
  ),
  runtimeRequestTimeout: f(
    duration,
    'runtimeRequestTimeout is the timeout for all runtime requests except long running requests - pull, logs, exec and attach. Default: "2m"',
  ),
  hairpinMode: f(
    enumOf(["promiscuous-bridge", "hairpin-veth", "none"]),
    'hairpinMode specifies how the Kubelet should configure the container bridge for hairpin packets. Setting this flag allows endpoints in a Service to loadbalance back to themselves if they should try to access their own Service. Values: "promiscuous-bridge" (make the container bridge promiscuous), "hairpin-veth" (set the hairpin flag on container veth interfaces), "none" (do nothing). Generally, one must set `--hairpin-mode=hairpin-veth to` achieve hairpin NAT, because promiscuous-bridge assumes the existence of a container bridge named cbr0. Default: "promiscuous-bridge"',
  ),
  maxPods: f(
    int32,
    "maxPods is the maximum number of Pods that can run on this Kubelet. The value must be a non-negative integer. Default: 110",
  ),
  podCIDR: f(
    string,
    'podCIDR is the CIDR to use for pod IP addresses, only used in standalone mode. In cluster mode, this is obtained from the control plane. Default: ""',
  ),
  podPidsLimit: f(int64, "podPidsLimit is the maximum number of PIDs in any pod. Default: -1"),
  resolvConf: f(
    string,
    'resolvConf is the resolver configuration file used as the basis for the container DNS resolution configuration. If set to the empty string, will override the default and effectively disable DNS lookups. Default: "/etc/resolv.conf"',
  ),
  runOnce: f(
    boolean,
    "runOnce causes the Kubelet to check the API server once for pods, run those in addition to the pods specified by static pod files, and exit. Default: false",
  ),
  cpuCFSQuota: f(
    boolean,
    "cpuCFSQuota enables CPU CFS quota enforcement for containers that specify CPU limits. Default: true",
  ),
  cpuCFSQuotaPeriod: f(
    duration,
    'cpuCFSQuotaPeriod is the CPU CFS quota period value, `cpu.cfs_period_us`. The value must be between 1 ms and 1 second, inclusive. Requires the CustomCPUCFSQuotaPeriod feature gate to be enabled. Default: "100ms"',
  ),
  nodeStatusMaxImages: f(
    int32,
    "nodeStatusMaxImages caps the number of images reported in Node.status.images. The value must be greater than -2. Note: If -1 is specified, no cap will be applied. If 0 is specified, no image is returned. Default: 50",
  ),
  maxOpenFiles: f(
    int64,
    "maxOpenFiles is Number of files that can be opened by Kubelet process. The value must be a non-negative number. Default: 1000000",
  ),
  contentType: f(
    string,
    'contentType is contentType of requests sent to apiserver. Default: "application/vnd.kubernetes.protobuf"',
  ),
  kubeAPIQPS: f(
    int32,
    "kubeAPIQPS is the QPS to use while talking with kubernetes apiserver. Default: 50",
  ),
  kubeAPIBurst: f(
    int32,
    "kubeAPIBurst is the burst to allow while talking with kubernetes API server. This field cannot be a negative number. Default: 100",
  ),
  serializeImagePulls: f(
    boolean,
    "serializeImagePulls when enabled, tells the Kubelet to pull images one at a time. We recommend *not* changing the default value on nodes that run docker daemon with version < 1.9 or an Aufs storage backend. Issue #10959 has more details. Default: true",
  ),
  maxParallelImagePulls: f(
    int32,
    "MaxParallelImagePulls sets the maximum number of image pulls in parallel. This field cannot be set if SerializeImagePulls is true. Setting it to nil means no limit. Default: nil",
  ),
  evictionHard: f(
    mapOf(quantityOrPercent),
    'evictionHard is a map of signal names to quantities that defines hard eviction thresholds. For example: `{"memory.available": "300Mi"}`. To explicitly disable, pass a 0% or 100% threshold on an arbitrary resource. Default: memory.available: "100Mi", nodefs.available: "10%", nodefs.inodesFree: "5%", imagefs.available: "15%"',
  ),
  evictionSoft: f(
    mapOf(quantityOrPercent),
    'evictionSoft is a map of signal names to quantities that defines soft eviction thresholds. For example: `{"memory.available": "300Mi"}`. Default: nil',
  ),
  evictionSoftGracePeriod: f(
    mapOf(duration),
    'evictionSoftGracePeriod is a map of signal names to quantities that defines grace periods for each soft eviction signal. For example: `{"memory.available": "30s"}`. Default: nil',
  ),
  evictionPressureTransitionPeriod: f(
    duration,
    'evictionPressureTransitionPeriod is the duration for which the kubelet has to wait before transitioning out of an eviction pressure condition. A duration of 0s will be converted to the default value of 5m. Default: "5m"',
  ),
  evictionMaxPodGracePeriod: f(
    int32,
    "evictionMaxPodGracePeriod is the maximum allowed grace period (in seconds) to use when terminating pods in response to a soft eviction threshold being met. This value effectively caps the Pod's terminationGracePeriodSeconds value during soft evictions. Default: 0",
  ),
  evictionMinimumReclaim: f(
    mapOf(quantityOrPercent),
    'evictionMinimumReclaim is a map of signal names to quantities that defines minimum reclaims, which describe the minimum amount of a given resource the kubelet will reclaim when performing a pod eviction while that resource is under pressure. For example: `{"imagefs.available": "2Gi"}`. Default: nil',
  ),
  mergeDefaultEvictionSettings: f(
    boolean,
    "mergeDefaultEvictionSettings indicates that defaults for the evictionHard, evictionSoft, evictionSoftGracePeriod, and evictionMinimumReclaim fields should be merged into values specified for those fields in this configuration. Signals specified in this configuration take precedence. Signals not specified in this configuration inherit their defaults. If false, and if any signal is specified in this configuration then other signals that are not specified in this configuration will be set to 0. It applies to merging the fields for which the default exists, and currently only evictionHard has default values. Default: false",
  ),
  podsPerCore: f(
    int32,
    "podsPerCore is the maximum number of pods per core. Cannot exceed maxPods. The value must be a non-negative integer. If 0, there is no limit on the number of Pods. Default: 0",
  ),
  enableControllerAttachDetach: f(
    boolean,
    "enableControllerAttachDetach enables the Attach/Detach controller to manage attachment/detachment of volumes scheduled to this node, and disables kubelet from executing any attach/detach operations. Note: attaching/detaching CSI volumes is not supported by the kubelet, so this option needs to be true for that use case. Default: true",
  ),
  protectKernelDefaults: f(
    boolean,
    "protectKernelDefaults, if true, causes the Kubelet to error if kernel flags are not as it expects. Otherwise the Kubelet will attempt to modify kernel flags to match its expectation. Default: false",
  ),
  makeIPTablesUtilChains: f(
    boolean,
    "makeIPTablesUtilChains, if true, causes the Kubelet to create the KUBE-IPTABLES-HINT chain in iptables as a hint to other components about the configuration of iptables on the system. Default: true",
  ),
  iptablesMasqueradeBit: f(
    int32,
    "iptablesMasqueradeBit formerly controlled the creation of the KUBE-MARK-MASQ chain. Deprecated: no longer has any effect. Default: 14",
  ),
  iptablesDropBit: f(
    int32,
    "iptablesDropBit formerly controlled the creation of the KUBE-MARK-DROP chain. Deprecated: no longer has any effect. Default: 15",
  ),
  featureGates: f(
    mapOf(boolean),
    'featureGates is a map of feature names to bools that enable or disable experimental features. This field modifies piecemeal the built-in default values from "k8s.io/kubernetes/pkg/features/kube_features.go". Default: nil',
  ),
  failSwapOn: f(
    boolean,
    "failSwapOn tells the Kubelet to fail to start if swap is enabled on the node. Default: true",
  ),
  memorySwap: f(
    struct({
      swapBehavior: f(
        enumOf(["", "NoSwap", "LimitedSwap"]),
        'swapBehavior configures swap memory available to container workloads. May be one of "", "NoSwap" (workloads can not use swap, default option), "LimitedSwap" (workload swap usage is limited; the swap limit is proportionate to the container\'s memory request).',
      ),
    }),
    "memorySwap configures swap memory available to container workloads.",
  ),
  containerLogMaxSize: f(
    quantity,
    'containerLogMaxSize is a quantity defining the maximum size of the container log file before it is rotated. For example: "5Mi" or "256Ki". Default: "10Mi"',
  ),
  containerLogMaxFiles: f(
    int32,
    "containerLogMaxFiles specifies the maximum number of container log files that can be present for a container. Default: 5",
  ),
  containerLogMaxWorkers: f(
    int32,
    "ContainerLogMaxWorkers specifies the maximum number of concurrent workers to spawn for performing the log rotate operations. Set this count to 1 for disabling the concurrent log rotation workflows. Default: 1",
  ),
  containerLogMonitorInterval: f(
    duration,
    "ContainerLogMonitorInterval specifies the duration at which the container logs are monitored for performing the log rotate operation. This defaults to 10 * time.Seconds. But can be customized to a smaller value based on the log generation rate and the size required to be rotated against. Default: 10s",
  ),
  configMapAndSecretChangeDetectionStrategy: f(
    enumOf(["Get", "Cache", "Watch"]),
    'configMapAndSecretChangeDetectionStrategy is a mode in which ConfigMap and Secret managers are running. Valid values include: `Get` (kubelet fetches necessary objects directly from the API server), `Cache` (kubelet uses TTL cache for object fetched from the API server), `Watch` (kubelet uses watches to observe changes to objects that are in its interest). Default: "Watch"',
  ),
  systemReserved: f(
    mapOf(quantity),
    "systemReserved is a set of ResourceName=ResourceQuantity (e.g. cpu=200m,memory=150G) pairs that describe resources reserved for non-kubernetes components. Currently only cpu and memory are supported. See https://kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources for more detail. Default: nil",
  ),
  kubeReserved: f(
    mapOf(quantity),
    "kubeReserved is a set of ResourceName=ResourceQuantity (e.g. cpu=200m,memory=150G) pairs that describe resources reserved for kubernetes system components. Currently cpu, memory and local storage for root file system are supported. See https://kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources for more details. Default: nil",
  ),
  reservedSystemCPUs: f(
    string,
    'The reservedSystemCPUs option specifies the CPU list reserved for the host level system threads and kubernetes related threads. This provide a "static" CPU list rather than the "dynamic" list by systemReserved and kubeReserved. This option does not support systemReservedCgroup or kubeReservedCgroup.',
  ),
  showHiddenMetricsForVersion: f(
    string,
    'showHiddenMetricsForVersion is the previous version for which you want to show hidden metrics. Only the previous minor version is meaningful, other values will not be allowed. The format is `<major>.<minor>`, e.g.: `1.16`. Default: ""',
  ),
  systemReservedCgroup: f(
    string,
    'systemReservedCgroup helps the kubelet identify absolute name of top level CGroup used to enforce `systemReserved` compute resource reservation for OS system daemons. Default: ""',
  ),
  kubeReservedCgroup: f(
    string,
    'kubeReservedCgroup helps the kubelet identify absolute name of top level CGroup used to enforce `KubeReserved` compute resource reservation for Kubernetes node system daemons. Default: ""',
  ),
  enforceNodeAllocatable: f(
    listOf(
      enumOf([
        "none",
        "pods",
        "system-reserved",
        "system-reserved-compressible",
        "kube-reserved",
        "kube-reserved-compressible",
      ]),
    ),
    'This flag specifies the various Node Allocatable enforcements that Kubelet needs to perform. Acceptable options are `none`, `pods`, `system-reserved`, `system-reserved-compressible`, `kube-reserved`, and `kube-reserved-compressible`. If `none` is specified, no other options may be specified. When a `system-reserved` option is in the list, systemReservedCgroup must be specified. When a `kube-reserved` option is in the list, kubeReservedCgroup must be specified. If a `compressible` option is specified, the corresponding non-compressible option may not be specified. This field is supported only when `cgroupsPerQOS` is set to true. Default: ["pods"]',
  ),
  allowedUnsafeSysctls: f(
    listOf(string),
    'A comma separated whitelist of unsafe sysctls or sysctl patterns (ending in `*`). Unsafe sysctl groups are `kernel.shm*`, `kernel.msg*`, `kernel.sem`, `fs.mqueue.*`, and `net.*`. For example: "`kernel.msg*,net.ipv4.route.min_pmtu`". Default: []',
  ),
  volumePluginDir: f(
    string,
    'volumePluginDir is the full path of the directory in which to search for additional third party volume plugins. Default: "/usr/libexec/kubernetes/kubelet-plugins/volume/exec/"',
  ),
  providerID: f(
    string,
    'providerID, if set, sets the unique ID of the instance that an external provider (i.e. cloudprovider) can use to identify a specific node. Default: ""',
  ),
  kernelMemcgNotification: f(
    boolean,
    "kernelMemcgNotification, if set, instructs the kubelet to integrate with the kernel memcg notification for determining if memory eviction thresholds are exceeded rather than polling. Default: false",
  ),
  logging: f(
    logging,
    "logging specifies the options of logging. Refer to [Logs Options](https://github.com/kubernetes/component-base/blob/master/logs/options.go) for more information. Default: Format: text",
  ),
  enableSystemLogHandler: f(
    boolean,
    "enableSystemLogHandler enables system logs via web interface host:port/logs/. Default: true",
  ),
  enableSystemLogQuery: f(
    boolean,
    "enableSystemLogQuery enables the node log query feature on the /logs endpoint. EnableSystemLogHandler has to be enabled in addition for this feature to work. Enabling this feature has security implications. The recommendation is to enable it on a need basis for debugging purposes and disabling otherwise. Default: false",
  ),
  shutdownGracePeriod: f(
    duration,
    'shutdownGracePeriod specifies the total duration that the node should delay the shutdown and total grace period for pod termination during a node shutdown. Default: "0s"',
  ),
  shutdownGracePeriodCriticalPods: f(
    duration,
    'shutdownGracePeriodCriticalPods specifies the duration used to terminate critical pods during a node shutdown. This should be less than shutdownGracePeriod. For example, if shutdownGracePeriod=30s, and shutdownGracePeriodCriticalPods=10s, during a node shutdown the first 20 seconds would be reserved for gracefully terminating normal pods, and the last 10 seconds would be reserved for terminating critical pods. Default: "0s"',
  ),
  shutdownGracePeriodByPodPriority: f(
    listOf(
      struct({
        priority: f(
          int32,
          "priority is the priority value associated with the shutdown grace period.",
        ),
        shutdownGracePeriodSeconds: f(
          int64,
          "shutdownGracePeriodSeconds is the shutdown grace period in seconds.",
        ),
      }),
    ),
    "shutdownGracePeriodByPodPriority specifies the shutdown grace period for Pods based on their associated priority class value. When a shutdown request is received, the Kubelet will initiate shutdown on all pods running on the node with a grace period that depends on the priority of the pod, and then wait for all pods to exit. Each entry in the array represents the graceful shutdown time a pod with a priority class value that lies in the range of that value and the next higher entry in the list when the node is shutting down. Requires the GracefulNodeShutdown feature gate to be enabled. This configuration must be empty if either ShutdownGracePeriod or ShutdownGracePeriodCriticalPods is set. Default: nil",
  ),
  crashLoopBackOff: f(
    struct({
      maxContainerRestartPeriod: f(
        duration,
        "maxContainerRestartPeriod is the maximum duration the backoff delay can accrue to for container restarts, minimum 1 second, maximum 300 seconds. If not set, defaults to the internal crashloopbackoff maximum (300s).",
      ),
    }),
    "CrashLoopBackOff contains config to modify node-level parameters for container restart behavior.",
  ),
  reservedMemory: f(
    listOf(
      struct({
        numaNode: f(int32, "The NUMA node."),
        limits: f(mapOf(quantity), "Memory types (memory, hugepages-<size>) to quantities."),
      }),
    ),
    "reservedMemory specifies a comma-separated list of memory reservations for NUMA nodes. The parameter makes sense only in the context of the memory manager feature. The memory manager will not allocate reserved memory for container workloads. For example, if you have a NUMA0 with 10Gi of memory and the reservedMemory was specified to reserve 1Gi of memory at NUMA0, the memory manager will assume that only 9Gi is available for allocation. Avoid duplicates, zero limits, NUMA node IDs that do not exist, and memory types other than memory and hugepages-<size>. Default: nil",
  ),
  enableProfilingHandler: f(
    boolean,
    "enableProfilingHandler enables profiling via web interface host:port/debug/pprof/. Default: true",
  ),
  enableDebugFlagsHandler: f(
    boolean,
    "enableDebugFlagsHandler enables flags endpoint via web interface host:port/debug/flags/v. Default: true",
  ),
  seccompDefault: f(
    boolean,
    "SeccompDefault enables the use of `RuntimeDefault` as the default seccomp profile for all workloads. Default: false",
  ),
  memoryThrottlingFactor: f(
    float64,
    "MemoryThrottlingFactor specifies the factor multiplied by the memory limit or node allocatable memory when setting the cgroupv2 memory.high value to enforce MemoryQoS. Decreasing this factor will set lower high limit for container cgroups and put heavier reclaim pressure while increasing will put less reclaim pressure. See https://kep.k8s.io/2570 for more details. Default: 0.9",
  ),
  memoryReservationPolicy: f(
    enumOf(["None", "TieredReservation"]),
    'MemoryReservationPolicy controls how the kubelet applies cgroup v2 memory protection. "None" (default): the kubelet does not set memory.min for containers and pods. "TieredReservation": the kubelet sets memory.min for Guaranteed pods and memory.low for Burstable pods based on memory requests. Default: None',
  ),
  registerWithTaints: f(
    listOf(taint),
    "registerWithTaints are an array of taints to add to a node object when the kubelet registers itself. This only takes effect when registerNode is true and upon the initial registration of the node. Default: nil",
  ),
  registerNode: f(
    boolean,
    "registerNode enables automatic registration with the apiserver. Default: true",
  ),
  tracing: f(
    struct({
      endpoint: f(
        string,
        "Endpoint of the collector this component will report traces to. The connection is insecure, and does not currently support TLS. Recommended is unset, and endpoint is the otlp grpc default, localhost:4317.",
      ),
      samplingRatePerMillion: f(
        int32,
        "SamplingRatePerMillion is the number of samples to collect per million spans. Recommended is unset. If unset, sampler respects its parent span's sampling rate, but otherwise never samples.",
      ),
    }),
    "Tracing specifies the versioned configuration for OpenTelemetry tracing clients. See https://kep.k8s.io/2832 for more details. Default: nil",
  ),
  localStorageCapacityIsolation: f(
    boolean,
    "LocalStorageCapacityIsolation enables local ephemeral storage isolation feature. The default setting is true. This feature allows users to set request/limit for container's ephemeral storage and manage it in a similar way as cpu and memory. It also allows setting sizeLimit for emptyDir volume, which will trigger pod eviction if disk usage from the volume exceeds the limit. Default: true",
  ),
  containerRuntimeEndpoint: f(
    string,
    "ContainerRuntimeEndpoint is the endpoint of container runtime. Unix Domain Sockets are supported on Linux, while npipe and tcp endpoints are supported on Windows. Examples: 'unix:///path/to/runtime.sock', 'npipe:////./pipe/runtime'",
  ),
  imageServiceEndpoint: f(
    string,
    "ImageServiceEndpoint is the endpoint of container image service. Unix Domain Socket are supported on Linux, while npipe and tcp endpoints are supported on Windows. Examples: 'unix:///path/to/runtime.sock', 'npipe:////./pipe/runtime'. If not specified, the value in containerRuntimeEndpoint is used.",
  ),
  failCgroupV1: f(
    boolean,
    "FailCgroupV1 prevents the kubelet from starting on hosts that use cgroup v1. By default, this is set to 'true', meaning the kubelet will not start on cgroup v1 hosts unless this option is explicitly disabled. Default: true",
  ),
  userNamespaces: f(
    struct({
      idsPerPod: f(
        int64,
        "IDsPerPod is the mapping length of UIDs and GIDs. The length must be a multiple of 65536, and must be less than 1<<32. On non-linux such as windows, only null / absent is allowed. Changing the value may require recreating all containers on the node. Default: 65536",
      ),
    }),
    "UserNamespaces contains User Namespace configurations.",
  ),
});

/** A KubeletConfiguration: every field optional, enums with the exact casing the kubelet demands. */
export type KubeletConfiguration = TypeOf<typeof kubeletConfigurationSchema>;
