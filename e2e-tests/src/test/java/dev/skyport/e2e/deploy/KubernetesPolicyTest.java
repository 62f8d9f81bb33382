package dev.skyport.e2e.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployment rules of issue 7, checked on every rendered overlay. */
class KubernetesPolicyTest {

    /** Every rendered overlay; AddingAServiceTest runs the same checks on overlays with a service added. */
    static List<Cluster> clusters() {
        return RenderedOverlays.names().stream().map(Cluster::of).toList();
    }

    static List<Cluster> local() {
        return List.of(Cluster.of("local"));
    }

    static List<Cluster> aws() {
        return List.of(Cluster.of("aws"));
    }

    static List<Cluster> awsAlb() {
        return List.of(Cluster.of("aws-alb"));
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void everyPodRunsNonRootReadOnlyWithoutPrivilegesOrCapabilities(Cluster cluster) {
        for (Deployment deployment : cluster.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s runAsNonRoot", name).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as("%s seccomp", name).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as("%s automounts an API token", name).isFalse();
            assertThat(cluster.named(ServiceAccount.class, pod.getServiceAccountName()))
                    .as("%s runs as its own ServiceAccount", name).isPresent();
            assertThat(pod.getServiceAccountName()).isEqualTo(name);
            for (Container container : pod.getContainers()) {
                var security = container.getSecurityContext();
                assertThat(security.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", name).isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", name).isTrue();
                assertThat(security.getPrivileged()).as("%s privileged", name).isNotEqualTo(Boolean.TRUE);
                assertThat(security.getCapabilities().getDrop()).as("%s drops", name).contains("ALL");
                assertThat(security.getCapabilities().getAdd()).as("%s adds capabilities", name).isEmpty();
                String tmpVolume = container.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath()))
                        .map(m -> m.getName()).findFirst()
                        .orElseThrow(() -> new AssertionError(name + " has no writable /tmp"));
                Volume volume = pod.getVolumes().stream().filter(v -> tmpVolume.equals(v.getName())).findFirst().orElseThrow();
                assertThat(volume.getEmptyDir()).as("%s /tmp is an emptyDir", name).isNotNull();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void everyContainerHasRequestsLimitsProbesAPinnedImageAndAGracefulStop(Cluster cluster) {
        for (Deployment deployment : cluster.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                assertThat(container.getResources().getRequests()).as("%s requests", name).containsKeys("cpu", "memory");
                // CPU limits are optional: the services run without one (see servicesSizeTheirJvmToThePod).
                assertThat(container.getResources().getLimits()).as("%s limits", name).containsKey("memory");
                assertThat(container.getStartupProbe()).as("%s startupProbe", name).isNotNull();
                assertThat(container.getLivenessProbe()).as("%s livenessProbe", name).isNotNull();
                assertThat(container.getReadinessProbe()).as("%s readinessProbe", name).isNotNull();
                String image = container.getImage();
                String tag = image.substring(image.lastIndexOf('/') + 1);
                assertThat(tag).as("%s image %s has a version tag", name, image).contains(":");
                assertThat(tag.substring(tag.indexOf(':') + 1)).as("%s image tag", name).isNotEqualTo("latest").matches(".*\\d.*");
                var preStop = container.getLifecycle().getPreStop();
                assertThat(preStop.getExec().getCommand()).as("%s preStop pause", name).first().isEqualTo("sleep");
                long pause = Long.parseLong(preStop.getExec().getCommand().get(1));
                assertThat(pod.getTerminationGracePeriodSeconds()).as("%s grace period outlasts the pause", name)
                        .isGreaterThan(pause);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void servicesAreProbedOnTheirManagementPortAtTheSpringHealthGroups(Cluster cluster) {
        for (String service : cluster.serviceNames()) {
            Container container = cluster.deployment(service).getSpec().getTemplate().getSpec().getContainers().getFirst();
            int managementPort = Integer.parseInt(cluster.configuration(service).get("MANAGEMENT_PORT"));
            int serverPort = Integer.parseInt(cluster.configuration(service).get("SERVER_PORT"));
            ContainerPort management = container.getPorts().stream().filter(p -> "management".equals(p.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(service + " names no management port"));
            assertThat(management.getContainerPort()).as("%s management port", service).isEqualTo(managementPort);
            assertThat(container.getPorts()).as("%s ports", service)
                    .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(serverPort));
            for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                assertThat(probe.getHttpGet().getPort().getStrVal()).as("%s probe port", service).isEqualTo("management");
                assertThat(probe.getHttpGet().getPath()).startsWith("/actuator/health/");
            }
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        }
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void servicesSizeTheirJvmToThePod(Cluster cluster) {
        for (String service : cluster.serviceNames()) {
            Container container = cluster.deployment(service).getSpec().getTemplate().getSpec().getContainers()
                    .getFirst();
            var requests = container.getResources().getRequests();
            var limits = container.getResources().getLimits();
            assertThat(requests.get("memory")).as("%s memory request = limit", service).isEqualTo(limits.get("memory"));
            String options = container.getEnv().stream().filter(e -> "JAVA_TOOL_OPTIONS".equals(e.getName()))
                    .map(EnvVar::getValue).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " sets no JAVA_TOOL_OPTIONS"));
            List<String> flags = List.of(options.trim().split("\\s+"));
            // Below 1792 MB or 2 CPUs the JVM picks SerialGC and sizes pools for one processor.
            assertThat(flags).as("%s JVM flags", service).contains("-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError");
            assertThat(flags).as("%s JVM flags", service).contains("-XX:ActiveProcessorCount=2");
            long capped = 0;
            for (String pool : List.of("-Xmx", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=",
                    "-XX:MaxDirectMemorySize=")) {
                String flag = flags.stream().filter(f -> f.startsWith(pool)).findFirst()
                        .orElseThrow(() -> new AssertionError(service + " does not cap " + pool));
                capped += bytes(flag.substring(pool.length()));
            }
            // Measured on users-service (NMT, docs/deployment.md): GC structures, symbols, CDS, compiler arenas
            // and thread stacks took about 130 MiB beside the capped pools; 160 MiB of the limit stays for them.
            long limit = limits.get("memory").getNumericalAmount().longValueExact();
            assertThat(capped + bytes("160m")).as("%s capped JVM pools + 160 MiB vs the %s limit", service,
                    limits.get("memory")).isLessThanOrEqualTo(limit);
        }
    }

    private static long bytes(String size) {
        long number = Long.parseLong(size.substring(0, size.length() - 1));
        return switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
            case 'k' -> number << 10;
            case 'm' -> number << 20;
            case 'g' -> number << 30;
            default -> throw new AssertionError("size without a unit: " + size);
        };
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void everyServiceSpreadsOverZonesAndNodes(Cluster cluster) {
        List<String> spread = cluster.overlay().startsWith("aws") ? cluster.deploymentNames() : cluster.serviceNames();
        for (String name : spread) {
            Map<String, String> labels = cluster.podLabels(name);
            var constraints = cluster.deployment(name).getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
            for (String key : List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname")) {
                assertThat(constraints).as("%s spread over %s", name, key).anySatisfy(constraint -> {
                    assertThat(constraint.getTopologyKey()).isEqualTo(key);
                    assertThat(constraint.getMaxSkew()).isEqualTo(1);
                    assertThat(Cluster.selects(constraint.getLabelSelector(), labels)).isTrue();
                });
            }
        }
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void theGatewayKeepsIdleConnectionsLongerThanItsProxyAndWaitsForATlsHandshakeToRedis(Cluster cluster) {
        Map<String, String> gateway = cluster.configuration("gateway-service");
        // ingress-nginx's upstream-keepalive-timeout is 60 s, an ALB's is its idle timeout: the side that closes an
        // idle kept-alive connection first must be the proxy, or it may send a request on a closing one (a 502).
        assertThat(duration(gateway.get("SKYPORT_CLIENT_IDLE_TIMEOUT"))).as("gateway idle timeout")
                .isGreaterThan(proxyIdleTimeout(cluster.all(Ingress.class).getFirst()));
        assertThat(duration(gateway.get("SKYPORT_REDIS_CONNECT_TIMEOUT"))).as("Redis connect timeout")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    /** How long the Ingress's proxy keeps an idle connection to the gateway open. */
    private static Duration proxyIdleTimeout(Ingress ingress) {
        if ("alb".equals(ingress.getSpec().getIngressClassName())) {
            return Duration.ofSeconds(Long.parseLong(albAttributes(ingress).get("idle_timeout.timeout_seconds")));
        }
        return Duration.ofSeconds(60);
    }

    /** The ALB's load-balancer attributes (a comma-separated list of key=value in one annotation). */
    private static Map<String, String> albAttributes(Ingress ingress) {
        String attributes = ingress.getMetadata().getAnnotations().get("alb.ingress.kubernetes.io/load-balancer-attributes");
        assertThat(attributes).as("the ALB's load-balancer attributes").isNotNull();
        Map<String, String> values = new java.util.TreeMap<>();
        for (String pair : attributes.split(",")) {
            String[] kv = pair.trim().split("=", 2);
            values.put(kv[0], kv[1]);
        }
        return values;
    }

    private static Duration duration(String value) {
        var matcher = Pattern.compile("(\\d+)(ms|s|m)").matcher(value);
        assertThat(matcher.matches()).as("duration %s", value).isTrue();
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void everyServiceHasADisruptionBudgetAndAnAutoscalerThatAloneSetsItsReplicas(Cluster cluster) {
        for (String service : cluster.serviceNames()) {
            Map<String, String> labels = cluster.podLabels(service);
            assertThat(cluster.all(PodDisruptionBudget.class)).as("PDB for %s", service)
                    .anySatisfy(pdb -> assertThat(Cluster.selects(pdb.getSpec().getSelector(), labels)).isTrue());
        }
        Set<String> autoscaled = new TreeSet<>();
        for (HorizontalPodAutoscaler hpa : cluster.all(HorizontalPodAutoscaler.class)) {
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
            assertThat(hpa.getSpec().getMetrics()).isNotEmpty();
            autoscaled.add(hpa.getSpec().getScaleTargetRef().getName());
        }
        assertThat(autoscaled).containsExactlyInAnyOrderElementsOf(cluster.serviceNames());
        for (String target : autoscaled) {
            // kubectl apply would reset the autoscaler's count to a replicas field at every deployment.
            assertThat(cluster.deployment(target).getSpec().getReplicas()).as("%s replicas", target).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void onlyTheGatewayIsReachableFromOutsideThroughAnIngressThatKeepsWebSocketsOpen(Cluster cluster) {
        assertThat(cluster.all(Service.class)).allSatisfy(s -> assertThat(s.getSpec().getType()).isEqualTo("ClusterIP"));
        List<Ingress> ingresses = cluster.all(Ingress.class);
        assertThat(ingresses).hasSize(1);
        Ingress ingress = ingresses.getFirst();
        assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getHttp().getPaths())
                .allSatisfy(path -> assertThat(path.getBackend().getService().getName()).isEqualTo("gateway-service")));
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        boolean alb = "alb".equals(ingress.getSpec().getIngressClassName());
        if (alb) {
            assertThat(annotations.keySet()).as("no ingress-nginx settings on an ALB").noneMatch(k -> k.startsWith("nginx."));
        } else {
            assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
            assertThat(Long.parseLong(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
                    .as("idle WebSockets survive the ingress").isGreaterThanOrEqualTo(3600);
            assertThat(Long.parseLong(annotations.get("nginx.ingress.kubernetes.io/proxy-send-timeout")))
                    .isGreaterThanOrEqualTo(3600);
        }
        int gatewayManagement = Integer.parseInt(cluster.configuration("gateway-service").get("MANAGEMENT_PORT"));

        // Traffic from outside the namespace (other namespaces, IP blocks) reaches only the gateway's
        // application port, or a management port from the monitoring namespace. A policy may select several
        // workloads (one shared by every service) and name their ports: each selected workload is checked.
        int gatewayTraffic = Integer.parseInt(cluster.configuration("gateway-service").get("SERVER_PORT"));
        for (NetworkPolicy policy : cluster.all(NetworkPolicy.class)) {
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                boolean fromOutside = rule.getFrom().isEmpty()
                        || rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() != null || peer.getIpBlock() != null);
                if (!fromOutside) {
                    continue;
                }
                assertThat(rule.getPorts()).as("%s: an outside rule names its ports", policy.getMetadata().getName()).isNotEmpty();
                for (String target : selectedWorkloads(cluster, policy)) {
                    for (NetworkPolicyPort port : rule.getPorts()) {
                        int number = portNumber(cluster, target, port);
                        boolean gatewayPublic = "gateway-service".equals(target) && number == gatewayTraffic;
                        boolean scrape = cluster.serviceNames().contains(target)
                                && number == Integer.parseInt(cluster.configuration(target).get("MANAGEMENT_PORT"))
                                && rule.getFrom().stream().allMatch(peer -> peer.getNamespaceSelector() != null
                                        && "monitoring".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")));
                        // An ALB with ip targets health-checks the pods from its interfaces in the VPC.
                        boolean albHealthCheck = alb && "gateway-service".equals(target) && number == gatewayManagement
                                && rule.getFrom().stream().allMatch(peer -> peer.getIpBlock() != null);
                        assertThat(gatewayPublic || scrape || albHealthCheck)
                                .as("%s lets outside traffic reach %s:%s", policy.getMetadata().getName(), target, number).isTrue();
                    }
                }
            }
        }
    }

    /** The Deployments whose pods a policy selects (every one for an empty selector). */
    private static List<String> selectedWorkloads(Cluster cluster, NetworkPolicy policy) {
        Map<String, String> wanted = policy.getSpec().getPodSelector().getMatchLabels();
        return cluster.deploymentNames().stream()
                .filter(name -> wanted == null || wanted.isEmpty()
                        || Cluster.selects(policy.getSpec().getPodSelector(), cluster.podLabels(name)))
                .toList();
    }

    /** A policy port as a number on the workload: a named port is the workload's container port of that name. */
    private static int portNumber(Cluster cluster, String workload, NetworkPolicyPort port) {
        if (port.getPort().getIntVal() != null) {
            return port.getPort().getIntVal();
        }
        return cluster.deployment(workload).getSpec().getTemplate().getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts().stream())
                .filter(containerPort -> port.getPort().getStrVal().equals(containerPort.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError(workload + " has no port named " + port.getPort().getStrVal()));
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void everythingIsDeniedByDefaultAndOnlyServicesReachTheirDependencies(Cluster cluster) {
        assertThat(cluster.all(NetworkPolicy.class)).as("a default-deny policy").anySatisfy(policy -> {
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy.getSpec().getIngress()).isEmpty();
            assertThat(policy.getSpec().getEgress()).isEmpty();
        });

        Set<String> workloads = new TreeSet<>(cluster.deploymentNames());
        Set<String> reachable = new TreeSet<>();
        for (String source : workloads) {
            for (String target : workloads) {
                if (!source.equals(target) && allowed(cluster, source, target)) {
                    reachable.add(source + " -> " + target);
                }
            }
        }
        // The gateway routes to every service, and every service fetches the token keys from users-service.
        Set<String> expected = new TreeSet<>();
        for (String service : cluster.serviceNames()) {
            if (!service.equals("gateway-service")) {
                expected.add("gateway-service -> " + service);
            }
            if (!service.equals("users-service")) {
                expected.add(service + " -> users-service");
            }
        }
        if (workloads.contains("dynamo-engine")) {
            cluster.serviceNames().forEach(s -> expected.add(s + " -> dynamo-engine"));
        }
        if (workloads.contains("redis")) {
            expected.add("gateway-service -> redis");
            expected.add("orders-service -> redis");
        }
        assertThat(reachable).isEqualTo(expected);
    }

    /** Both sides must agree: an egress rule of the source and an ingress rule of the target. */
    static boolean allowed(Cluster cluster, String source, String target) {
        Map<String, String> from = cluster.podLabels(source);
        Map<String, String> to = cluster.podLabels(target);
        boolean egress = false;
        boolean ingress = false;
        for (NetworkPolicy policy : cluster.all(NetworkPolicy.class)) {
            if (policy.getSpec().getPodSelector().getMatchLabels() != null
                    && !policy.getSpec().getPodSelector().getMatchLabels().isEmpty()) {
                if (Cluster.selects(policy.getSpec().getPodSelector(), from)) {
                    for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                        egress |= rule.getTo().stream().anyMatch(peer -> inNamespacePeer(peer, to));
                    }
                }
                if (Cluster.selects(policy.getSpec().getPodSelector(), to)) {
                    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                        ingress |= rule.getFrom().stream().anyMatch(peer -> inNamespacePeer(peer, from));
                    }
                }
            }
        }
        return egress && ingress;
    }

    private static boolean inNamespacePeer(NetworkPolicyPeer peer, Map<String, String> labels) {
        return peer.getNamespaceSelector() == null && peer.getIpBlock() == null && Cluster.selects(peer.getPodSelector(), labels);
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void secretsAreReferencesToASecretThatIsNeverCommitted(Cluster cluster) {
        assertThat(cluster.all(Secret.class)).as("Secrets in the rendered manifests").isEmpty();
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : cluster.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar env : container.getEnv()) {
                    boolean secretLike = env.getName().contains("SECRET") || env.getName().contains("PASSWORD");
                    if (secretLike && (env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null)) {
                        problems.add(deployment.getMetadata().getName() + " sets " + env.getName() + " as a literal");
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("skyport-secrets");
                    }
                }
            }
        }
        for (String service : cluster.serviceNames()) {
            assertThat(cluster.configuration(service).keySet()).as("%s ConfigMap", service)
                    .noneMatch(key -> key.contains("SECRET") || key.contains("PASSWORD"));
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("local")
    void theLocalOverlayRunsTheEngineAndRedisInTheClusterAndCreatesTables(Cluster cluster) {
        assertThat(cluster.deploymentNames()).contains("dynamo-engine", "redis");
        for (String service : cluster.serviceNames()) {
            assertThat(cluster.configuration(service))
                    .containsEntry("DYNAMODB_ENDPOINT", "http://dynamo-engine:8000")
                    .containsEntry("SKYPORT_CREATE_TABLES", "true");
        }
        assertThat(cluster.configuration("gateway-service")).containsEntry("REDIS_URL", "redis://redis:6379");
        // orders-service's replicas share the stream by leases and fan it out over the same Redis.
        assertThat(cluster.configuration("orders-service")).containsEntry("REDIS_URL", "redis://redis:6379");
    }

    @ParameterizedTest
    @MethodSource("aws")
    void theAwsOverlayUsesRealDynamoDbThroughIrsaAndElastiCacheWithoutAnEngine(Cluster cluster) {
        assertThat(cluster.deploymentNames()).containsExactlyInAnyOrderElementsOf(cluster.serviceNames());
        for (String service : cluster.serviceNames()) {
            assertThat(cluster.configuration(service))
                    .containsEntry("DYNAMODB_ENDPOINT", "")
                    .containsEntry("SKYPORT_CREATE_TABLES", "false");
            ServiceAccount account = cluster.named(ServiceAccount.class, service).orElseThrow();
            assertThat(account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn"))
                    .as("IRSA role of %s", service).matches("arn:aws:iam::\\d{12}:role/.+");
        }
        // Credentials come from STS (IRSA, over 443) or the EKS Pod Identity agent's link-local address, never
        // from the instance metadata endpoint.
        for (String service : cluster.serviceNames()) {
            List<NetworkPolicyEgressRule> egress = cluster.all(NetworkPolicy.class).stream()
                    .filter(p -> Cluster.selects(p.getSpec().getPodSelector(), cluster.podLabels(service)))
                    .flatMap(p -> p.getSpec().getEgress().stream()).toList();
            assertThat(egress).as("%s reaches the Pod Identity agent", service).anySatisfy(rule -> {
                assertThat(rule.getTo()).anySatisfy(peer -> assertThat(peer.getIpBlock())
                        .extracting(io.fabric8.kubernetes.api.model.networking.v1.IPBlock::getCidr).isEqualTo("169.254.170.23/32"));
                assertThat(rule.getPorts()).anySatisfy(port -> assertThat(port.getPort().getIntVal()).isEqualTo(80));
            });
            egress.stream().flatMap(rule -> rule.getTo().stream()).filter(peer -> peer.getIpBlock() != null)
                    .forEach(peer -> {
                        String cidr = peer.getIpBlock().getCidr();
                        assertThat(cidr).as("%s egress", service).isNotEqualTo("169.254.169.254/32");
                        if (cidr.equals("0.0.0.0/0")) {
                            assertThat(peer.getIpBlock().getExcept()).as("%s egress to anywhere", service)
                                    .contains("169.254.169.254/32");
                        }
                    });
        }
        // ElastiCache's URL (and any AUTH token in it) comes from the Secret, not the ConfigMap.
        for (String service : List.of("gateway-service", "orders-service")) {
            assertThat(cluster.configuration(service)).doesNotContainKey("REDIS_URL");
            Container container = cluster.deployment(service).getSpec().getTemplate().getSpec().getContainers()
                    .getFirst();
            assertThat(container.getEnv()).as("%s REDIS_URL", service).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("REDIS_URL");
                assertThat(env.getValue()).isNull();
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("skyport-secrets");
                assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("redis-url");
                assertThat(env.getValueFrom().getSecretKeyRef().getOptional()).isNotEqualTo(Boolean.TRUE);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("awsAlb")
    void theAlbOverlayPutsAnAlbWithIpTargetsInFrontOfTheGatewayHealthCheckedAtItsReadiness(Cluster cluster) {
        Ingress ingress = cluster.all(Ingress.class).getFirst();
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        Container gateway = cluster.deployment("gateway-service").getSpec().getTemplate().getSpec().getContainers()
                .getFirst();
        int management = gateway.getPorts().stream().filter(p -> "management".equals(p.getName())).findFirst()
                .orElseThrow().getContainerPort();

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
        assertThat(ingress.getSpec().getTls()).as("TLS ends at the ALB (ACM)").isNullOrEmpty();
        assertThat(annotations).containsEntry("alb.ingress.kubernetes.io/target-type", "ip")
                .containsEntry("alb.ingress.kubernetes.io/healthcheck-port", String.valueOf(management))
                .containsEntry("alb.ingress.kubernetes.io/healthcheck-path",
                        gateway.getReadinessProbe().getHttpGet().getPath())
                .containsKey("alb.ingress.kubernetes.io/certificate-arn");
        assertThat(proxyIdleTimeout(ingress)).as("ALB idle timeout")
                .isLessThan(duration(cluster.configuration("gateway-service").get("SKYPORT_CLIENT_IDLE_TIMEOUT")));

        // The ALB's interfaces (the VPC's CIDR, as the aws overlay trusts it) reach the traffic and health ports;
        // ingress-nginx, which the ALB replaces, no longer reaches anything.
        String vpc = cluster.configuration("gateway-service").get("SKYPORT_TRUSTED_PROXIES");
        int traffic = Integer.parseInt(cluster.configuration("gateway-service").get("SERVER_PORT"));
        Set<Integer> fromVpc = new TreeSet<>();
        for (NetworkPolicy policy : cluster.all(NetworkPolicy.class)) {
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                assertThat(rule.getFrom()).as("%s", policy.getMetadata().getName()).noneMatch(peer ->
                        peer.getNamespaceSelector() != null && "ingress-nginx".equals(
                                peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")));
                if (rule.getFrom().stream().anyMatch(peer -> peer.getIpBlock() != null)) {
                    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/name", "gateway-service");
                    assertThat(rule.getFrom()).allSatisfy(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo(vpc));
                    rule.getPorts().forEach(port -> fromVpc.add(port.getPort().getIntVal()));
                }
            }
        }
        assertThat(fromVpc).containsExactlyInAnyOrder(traffic, management);
    }

    @ParameterizedTest
    @MethodSource("aws")
    void theAwsOverlayHasAPodMonitorForEveryServiceBesidesTheAnnotations(Cluster cluster) {
        List<PodMonitor> monitors = cluster.all(PodMonitor.class);
        for (String service : cluster.serviceNames()) {
            Map<String, String> annotations = cluster.deployment(service).getSpec().getTemplate().getMetadata()
                    .getAnnotations();
            assertThat(annotations).as("%s annotations", service).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/actuator/prometheus");
            Map<String, String> labels = cluster.podLabels(service);
            Container container = cluster.deployment(service).getSpec().getTemplate().getSpec().getContainers()
                    .getFirst();
            assertThat(monitors).as("PodMonitor for %s", service).anySatisfy(monitor -> {
                assertThat(Cluster.selects(monitor.spec().selector(), labels)).isTrue();
                // job="<service>", as compose's Prometheus names it and the dashboard selects it.
                assertThat(labels).containsEntry(monitor.spec().jobLabel(), service);
                assertThat(monitor.spec().podMetricsEndpoints()).singleElement().satisfies(endpoint -> {
                    assertThat(endpoint.path()).isEqualTo("/actuator/prometheus");
                    assertThat(endpoint.port()).isEqualTo("management");
                    assertThat(container.getPorts()).extracting(ContainerPort::getName).contains(endpoint.port());
                });
            });
        }
        for (String service : cluster.serviceNames()) {
            assertThat(monitors.stream().filter(monitor -> Cluster.selects(monitor.spec().selector(), cluster.podLabels(service))))
                    .as("PodMonitors scraping %s", service).hasSize(1);
        }
    }
}
