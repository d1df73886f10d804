using OpenTelemetry.Metrics;

namespace JobPipeline.Tests.Telemetry;

/// <summary>Reads the points of a metric, by their tags, from what the in-memory exporter received.</summary>
public static class ExportedMetrics
{
    /// <summary>The points of the metric <paramref name="name"/> whose tag <paramref name="key"/> is <paramref name="value"/>.</summary>
    public static List<MetricPoint> Points(SynchronizedList<MetricSnapshot> metrics, string name, string key, object value) =>
        [.. metrics.Snapshot().Where(m => m.Name == name)
            .SelectMany(m => m.MetricPoints)
            .Where(p => Equals(Tag(p, key), value))];

    /// <summary>The value of the point's tag <paramref name="key"/>; null when it has none.</summary>
    public static object? Tag(MetricPoint point, string key)
    {
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }
}
