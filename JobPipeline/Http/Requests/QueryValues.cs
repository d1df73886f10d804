using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace JobPipeline.Http.Requests;

/// <summary>The query parameters the routes share, each refused with 400 <c>VALIDATION_FAILED</c> naming it.</summary>
internal static class QueryValues
{
    /// <summary>Refuses a parameter other than <paramref name="known"/>, and one given more than once.</summary>
    public static void OnlyOnce(IQueryCollection query, params string[] known)
    {
        foreach (string name in query.Keys)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw ApiException.Invalid(name, $"Unknown query parameter '{name}'.");
            }

            if (query[name].Count > 1)
            {
                throw ApiException.Invalid(name, $"'{name}' is given more than once.");
            }
        }
    }

    /// <summary><c>?wait=N</c>: a whole number of seconds, 1..60, given once; null when absent.</summary>
    public static TimeSpan? Wait(HttpRequest request)
    {
        StringValues values = request.Query["wait"];
        if (values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds is >= 1 and <= 60
            ? TimeSpan.FromSeconds(seconds)
            : throw ApiException.Invalid("wait", "wait is a whole number of seconds from 1 to 60, given once.");
    }

    /// <summary><c>?include=input</c>: whether the job's input is asked for.</summary>
    public static bool IncludeInput(HttpRequest request)
    {
        StringValues values = request.Query["include"];
        string? include = values.Count > 1 ? "" : values.FirstOrDefault();
        return include switch
        {
            null => false,
            "input" => true,
            _ => throw ApiException.Invalid("include", "include takes the value 'input'."),
        };
    }

    /// <summary><c>?type=</c>: a job type this server runs, or null when absent.</summary>
    public static string? KnownType(IQueryCollection query, Processing.JobProcessorCatalog processors)
    {
        string? type = query["type"].FirstOrDefault();
        return type is not null && processors.Find(type) is null
            ? throw ApiException.Invalid("type", $"Unknown job type; known types: {string.Join(", ", processors.Types)}.")
            : type;
    }
}
