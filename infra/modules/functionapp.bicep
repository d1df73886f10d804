// The Flex Consumption function app of JobPipeline (isolated worker, .NET 10, Durable Functions on the
// Azure Storage provider). It runs as a user-assigned managed identity: the host storage (AzureWebJobsStorage),
// the deployment package, JobPipeline's storage clients, Application Insights and the Key Vault references
// all sign in with it. No storage key exists anywhere in its configuration.

@description('Azure region of the plan and the app.')
param location string

@description('Tags put on every resource.')
param tags { *: string }

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app (also its host name: <name>.azurewebsites.net).')
param functionAppName string

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityResourceId string

@description('Client id of the user-assigned managed identity the app runs as.')
param identityClientId string

@description('Name of the storage account (host storage and JobPipeline data).')
param storageAccountName string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUri string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Upper bound of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of one instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('App settings of JobPipeline itself (name to value), added to the host settings set here.')
param jobPipelineSettings { *: string }

@description('Webhook settings of JobPipeline (callback origins and the signing secret\'s Key Vault reference); empty when no tenant has webhooks.')
param webhookSettings { *: string } = {}

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

// Host settings: identity-based host storage (Durable's task hub lives there too) and AAD-only telemetry.
// Flex Consumption takes the runtime from functionAppConfig, so FUNCTIONS_WORKER_RUNTIME is not set.
var hostSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_CLIENT_ID: identityClientId
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityResourceId
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: map(items(union(hostSettings, jobPipelineSettings, webhookSettings)), setting => {
        name: setting.key
        value: setting.value
      })
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUri
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing signs in with Entra ID (func, az, azd all do); no basic-auth publishing credentials.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

@description('Name of the function app.')
output functionAppName string = site.name

@description('Default host name of the function app.')
output defaultHostName string = site.properties.defaultHostName
