using System.ComponentModel.DataAnnotations;

namespace JobPipeline;

/// <summary>
/// Where jobs live: a connection string (a storage key, or <c>UseDevelopmentStorage=true</c> for Azurite), or the
/// three service URIs, reached with a managed identity (<c>DefaultAzureCredential</c>).
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    /// <summary>A storage connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Blob service URI, for identity-based access.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The Table service URI, for identity-based access.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The Queue service URI, for identity-based access.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>The status projection table.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string JobsTableName { get; set; } = "jobs";

    /// <summary>The index table: idempotency keys and the expiry index.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string IndexTableName { get; set; } = "jobindex";

    /// <summary>The blob container of inputs and results.</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string ContainerName { get; set; } = "jobs";

    /// <summary>The queue of the server's engine.</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string QueueName { get; set; } = "jobs";

    /// <summary>How long one storage request may take before it is abandoned and retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a failed storage request is retried by the SDK.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        bool uris = BlobServiceUri is not null && TableServiceUri is not null && QueueServiceUri is not null;
        if (string.IsNullOrWhiteSpace(ConnectionString) && !uris)
        {
            yield return new ValidationResult(
                "Set JobPipeline:Storage:ConnectionString, or all of BlobServiceUri, TableServiceUri and QueueServiceUri.",
                [nameof(ConnectionString)]);
        }
    }
}
