package dev.skyport.e2e.deploy;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * The Prometheus Operator's PodMonitor (monitoring.coreos.com/v1), reduced to the fields Skyport's manifests use:
 * fabric8's model of the operator's CRDs is not served here, and a strict parse of a subset still turns a
 * misspelt or unexpected field into an error.
 */
// Its own deserializer, not fabric8's (which HasMetadata names and which would read any unknown kind loosely).
@JsonDeserialize(using = JsonDeserializer.None.class)
final class PodMonitor implements HasMetadata {

    record Endpoint(@JsonProperty("port") String port, @JsonProperty("path") String path,
            @JsonProperty("interval") String interval) {
    }

    record Spec(@JsonProperty("selector") LabelSelector selector, @JsonProperty("jobLabel") String jobLabel,
            @JsonProperty("podMetricsEndpoints") List<Endpoint> podMetricsEndpoints) {
    }

    private final String apiVersion;
    private final String kind;
    private ObjectMeta metadata;
    private final Spec spec;

    @JsonCreator
    PodMonitor(@JsonProperty("apiVersion") String apiVersion, @JsonProperty("kind") String kind,
            @JsonProperty("metadata") ObjectMeta metadata, @JsonProperty("spec") Spec spec) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.metadata = metadata;
        this.spec = spec;
    }

    Spec spec() {
        return spec;
    }

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    @Override
    public String getKind() {
        return kind;
    }

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public void setApiVersion(String version) {
        throw new UnsupportedOperationException("read-only");
    }
}
