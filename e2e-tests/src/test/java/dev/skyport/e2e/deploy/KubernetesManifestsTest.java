package dev.skyport.e2e.deploy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.HasMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every overlay renders offline with kubectl's kustomize and every object is valid Kubernetes API. */
class KubernetesManifestsTest {

    static List<String> overlays() {
        return RenderedOverlays.names();
    }

    @Test
    void theLocalAndAwsOverlaysExist() {
        assertThat(overlays()).contains("local", "aws", "aws-alb");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyOverlayRendersAndEveryObjectParsesStrictlyAgainstTheKubernetesApi(String overlay) {
        List<JsonNode> objects = RenderedOverlays.render(overlay);

        List<HasMetadata> parsed = objects.stream().map(StrictKubernetesModel::parse).toList();

        assertThat(parsed).hasSameSizeAs(objects);
        assertThat(parsed).extracting(o -> o.getMetadata().getName()).allSatisfy(name -> assertThat(name).isNotBlank());
        assertThat(parsed).filteredOn(o -> !"Namespace".equals(o.getKind()))
                .filteredOn(o -> !"skyport".equals(o.getMetadata().getNamespace()))
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .as("objects outside the skyport namespace")
                .isEmpty();
    }

    @Test
    void aMisspelledFieldAnywhereInAnObjectIsRejected() throws Exception {
        JsonNode typo = new YAMLMapper().readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  selector:
                    matchLabels: {app: typo}
                  template:
                    metadata:
                      labels: {app: typo}
                    spec:
                      containers:
                        - name: typo
                          image: example/typo:1.0.0
                          readinessProbe:
                            httpGet: {path: /, port: 8080}
                            periodSecond: 5
                """);

        assertThatThrownBy(() -> StrictKubernetesModel.parse(typo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("periodSecond");
    }

    @Test
    void anUnknownKindIsRejected() throws Exception {
        JsonNode unknown = new YAMLMapper().readTree("""
                apiVersion: apps/v1
                kind: Deploymnet
                metadata: {name: typo}
                """);

        assertThatThrownBy(() -> StrictKubernetesModel.parse(unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apps/v1/Deploymnet");
    }
}
