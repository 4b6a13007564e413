package io.flowlens.job.hubble;

/** What Hubble knows of one end of a flow (an address and port), merged over a window's Hubble flows. */
public final class HubbleEndpoint {
    /** "ip|port" in flowlens's text form. */
    public String key;
    public String namespace;
    public String pod;
    public String workload;
    public String labels;
    public Long identity;
    public String service;

    public HubbleEndpoint() {}

    HubbleEndpoint(String key) {
        this.key = key;
    }

    static String key(String ip, int port) {
        return ip + "|" + port;
    }

    /** Fills what is still unknown; a value once known stays (Hubble reports the same endpoint the same way). */
    void merge(String ns, String podName, String work, String podLabels, Long id, String svc) {
        namespace = namespace != null ? namespace : ns;
        pod = pod != null ? pod : podName;
        workload = workload != null ? workload : work;
        labels = labels != null ? labels : podLabels;
        identity = identity != null ? identity : id;
        service = service != null ? service : svc;
    }

    void merge(HubbleEndpoint o) {
        merge(o.namespace, o.pod, o.workload, o.labels, o.identity, o.service);
    }

    boolean hasPod() {
        return pod != null;
    }
}
