using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using JobPipeline.Bench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

[assembly: HostingStartup(typeof(StorageCallCounter))]

namespace JobPipeline.Bench;

/// <summary>
/// Counts the real server's storage calls, by service, read or write, and what they touch (loaded into the server
/// process by the bench's hosting startup, only when <c>Bench:CountStorageCalls</c> is true). The server's storage
/// clients are registered here first, with the server's own retry settings plus a counting policy, so that
/// <c>AddJobPipeline</c>'s <c>TryAdd</c> keeps them. <c>GET /bench/storage-calls</c> answers the counts since the last
/// <c>DELETE /bench/storage-calls</c>.
/// </summary>
public sealed class StorageCallCounter : IHostingStartup
{
    private static readonly ConcurrentDictionary<string, long> Counts = new(StringComparer.Ordinal);

    /// <summary>Azurite's port of each service, from the connection string.</summary>
    private static readonly ConcurrentDictionary<int, string> Services = new();

    /// <inheritdoc />
    public void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices((context, services) =>
        {
            IConfiguration configuration = context.Configuration;
            if (!configuration.GetValue<bool>("Bench:CountStorageCalls"))
            {
                return;
            }

            string connection = configuration["JobPipeline:Storage:ConnectionString"] ?? throw new InvalidOperationException("The bench counts calls on a connection string only.");
            foreach ((string name, string key) in new[] { ("table", "TableEndpoint"), ("queue", "QueueEndpoint"), ("blob", "BlobEndpoint") })
            {
                string? endpoint = connection.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0] == key).Select(p => p[1]).FirstOrDefault();
                if (endpoint is not null)
                {
                    Services[new Uri(endpoint).Port] = name;
                }
            }

            var policy = new CountingPolicy();
            services.AddSingleton(sp => new TableServiceClient(connection, Client(new TableClientOptions(), policy, sp)));
            services.AddSingleton(sp => new BlobServiceClient(connection, Client(new BlobClientOptions(), policy, sp)));
            services.AddSingleton(sp => new QueueServiceClient(connection, Client(new QueueClientOptions(), policy, sp)));
            services.AddSingleton<IStartupFilter, CountsEndpoint>();
        });

    private static T Client<T>(T options, HttpPipelinePolicy policy, IServiceProvider services)
        where T : ClientOptions
    {
        // The same retry settings as JobPipelineServiceCollectionExtensions gives its clients.
        StorageOptions storage = services.GetRequiredService<IOptions<JobPipelineOptions>>().Value.Storage;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = storage.MaxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = storage.NetworkTimeout;
        options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        return options;
    }

    /// <summary>
    /// The kind of one request: "table read jobs (point)", "queue write jobs (delete)", … Reads are GET and HEAD.
    /// A status read selects columns (<c>$select</c>); a receive that found nothing is told apart from one that did.
    /// </summary>
    internal static string Kind(HttpMessage message)
    {
        Request request = message.Request;
        var uri = request.Uri.ToUri();
        string[] path = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string service = uri.Port switch
        {
            _ when uri.Host.Contains(".table.", StringComparison.Ordinal) => "table",
            _ when uri.Host.Contains(".queue.", StringComparison.Ordinal) => "queue",
            _ when uri.Host.Contains(".blob.", StringComparison.Ordinal) => "blob",
            _ => Services.TryGetValue(uri.Port, out string? s) ? s : "?",
        };

        // Azurite: /devstoreaccount1/<resource>…; Azure: /<resource>…
        string resource = path.Length > 1 && path[0].StartsWith("devstoreaccount", StringComparison.Ordinal) ? path[1] : path.FirstOrDefault() ?? "";
        string method = request.Method.ToString();
        bool read = method is "GET" or "HEAD";
        string table = resource.Split('(')[0];
        string what = service switch
        {
            "table" when resource == "$batch" => "batch",
            "table" when read && resource.Contains('(', StringComparison.Ordinal) => uri.Query.Contains("select", StringComparison.OrdinalIgnoreCase) ? "point, status columns" : "point",
            "table" when read => "query",
            "table" when method == "POST" => "insert",
            "table" when method == "DELETE" => "delete",
            "table" => "update",
            "queue" when read && uri.Query.Contains("peekonly", StringComparison.OrdinalIgnoreCase) => "peek",
            "queue" when read => message.Response.Content.ToString().Contains("<QueueMessage>", StringComparison.Ordinal) ? "receive" : "receive, empty",
            "queue" when method == "POST" => "send",
            "queue" when method == "DELETE" => "delete",
            "queue" when method == "PUT" && path.Length > 3 => "update",
            _ => method.ToLowerInvariant(),
        };
        return $"{service} {(read ? "read" : "write")} {table} ({what})";
    }


    private sealed class CountingPolicy : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Count(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Count(message);
        }

        private static void Count(HttpMessage message)
        {
            if (message.HasResponse)
            {
                Counts.AddOrUpdate(Kind(message), 1, (_, n) => n + 1);
            }
        }
    }

    private sealed class CountsEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/bench/storage-calls", calls => calls.Run(async context =>
            {
                if (HttpMethods.IsDelete(context.Request.Method))
                {
                    Counts.Clear();
                    context.Response.StatusCode = 204;
                    return;
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new SortedDictionary<string, long>(Counts, StringComparer.Ordinal)));
            }));
            next(app);
        };
    }
}
