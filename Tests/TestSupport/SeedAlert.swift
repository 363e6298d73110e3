/// The seed runbook's example page, as PagerDuty titles it.
public enum SeedAlert {
    public static let title =
        "bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239__armada-api_scrape_failure.us-south"

    /// Its example body, as the seed shows it (labels and annotations in a fence).
    public static let body = """
        Example body:

        ```
        Labels:
        - alertname = KubernetesEndpointScrapeFailure
        - alert_situation = 10.176.31.239_node-exporter_scrape_failure
        - app = node-exporter
        - hostname = 10.176.31.239
        - instance = 10.176.31.239:9100
        - job = kubernetes-service-endpoints
        - kubernetes_namespace = monitoring
        - name = node-exporter
        - pod_name = node-exporter-4hgbs
        - service = node-exporter
        - service_name = node-exporter
        - severity = critical
        Annotations:
        - description = The node-exporter service-endpoint on host 10.176.31.239 has been failing to scrape for more than 1 minute. Prometheus has been unable to scrape for data
        - runbook = https://pages.github.ibm.com/alchemy-conductors/documentation-pages/docs/runbooks/armada/armada-global-scrape-failure.html
        - summary = A service-endpoint hosted on 10.176.31.239 is failing to scrape
        ```
        """
}
