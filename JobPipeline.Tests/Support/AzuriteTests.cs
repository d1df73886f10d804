using Azure.Data.Tables;

namespace JobPipeline.Tests.Support;

public class AzuriteTests
{
    [Fact]
    public async Task Shared_instance_answers_table_requests()
    {
        Azurite azurite = await Azurite.Shared;
        var table = new TableClient(azurite.ConnectionString, Azurite.UniqueName("smoke"));

        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 42 });
        TableEntity read = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;

        Assert.Equal(42, read.GetInt32("Value"));
    }
}
