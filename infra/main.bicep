// JobPipeline in Azure: a Flex Consumption function app (isolated worker, .NET 10, Durable Functions) with its
// storage account, Key Vault, Log Analytics and Application Insights, all reached with one user-assigned managed
// identity. Deploy with `azd up`, or see docs/deploy.md for `az deployment group create`.

targetScope = 'resourceGroup'

@description('Azure region of every resource; the resource group\'s by default.')
param location string = resourceGroup().location

@description('Short name put at the start of every resource name (lowercase letters, digits, hyphens).')
@minLength(2)
@maxLength(20)
param namePrefix string = 'jobpipeline'

@description('Suffix that makes the global names (storage, Key Vault, function app) unique; by default derived from the resource group id.')
@minLength(3)
@maxLength(13)
param nameSuffix string = uniqueString(resourceGroup().id)

@description('Tags put on every resource.')
param tags { *: string } = {
  application: 'JobPipeline'
}

@description('Redundancy of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Upper bound of function app instances.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of one function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Durable Functions task hub name (letters and digits, starting with a letter); host.json reads it as %TaskHubName%.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'JobPipeline'

@description('NCRONTAB schedule of the retention sweep timer (the RetentionSchedule app setting; six fields, seconds first).')
@minLength(11)
param retentionSchedule string = '0 */5 * * * *'

@description('Tenant that API key 0 belongs to (JobPipeline:ApiKeys:0:Tenant).')
@minLength(1)
param apiKeyTenant string = 'default'

@description('Lowercase hex SHA-256 of API key 0 (`printf %s "$KEY" | sha256sum`). Stored in Key Vault, never the key itself.')
@secure()
@minLength(64)
@maxLength(64)
param apiKeySha256 string

@description('Master key of the token vault used by mask/unmask (e.g. `openssl rand -base64 32`). Stored in Key Vault.')
@secure()
@minLength(32)
param vaultMasterKey string

@description('Key of the keyed hash used by redaction (e.g. `openssl rand -base64 32`). Stored in Key Vault.')
@secure()
@minLength(32)
param redactionHashKey string

@description('Origins (scheme, host, optional port) under which the tenant of API key 0 may ask for webhooks (JobPipeline:ApiKeys:0:CallbackOrigins), e.g. https://hooks.example.com. Empty: no webhooks.')
param callbackOrigins string[] = []

@description('Secret the webhooks of API key 0 are signed with (JobPipeline:ApiKeys:0:WebhookSecret: whsec_ and the base64 of 24 to 64 random bytes). Required with callbackOrigins; stored in Key Vault.')
@secure()
param webhookSecret string = ''

@description('How long a finished job, its input and its result are kept (JobPipeline:Retention, a TimeSpan such as 7.00:00:00).')
param retention string = '7.00:00:00'

@description('Lifetime of the read-only SAS URL of a large result (JobPipeline:SasLifetime, a TimeSpan).')
param sasLifetime string = '00:15:00'

@description('Results up to this size are returned inline, larger ones as a SAS URL (JobPipeline:InlineResultMaxBytes).')
@minValue(0)
param inlineResultMaxBytes int = 65536

@description('Days Log Analytics keeps the logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Days a deleted Key Vault or secret can be recovered (purge protection keeps it that long).')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

// Global names: storage and Key Vault take letters and digits only (Key Vault allows hyphens, but 24 characters
// are short), so the prefix is cut to leave room for the whole suffix.
var compactPrefix = take(toLower(replace(namePrefix, '-', '')), 9)
var names = {
  identity: 'id-${namePrefix}-${nameSuffix}'
  workspace: 'log-${namePrefix}-${nameSuffix}'
  applicationInsights: 'appi-${namePrefix}-${nameSuffix}'
  storage: 'st${compactPrefix}${nameSuffix}'
  keyVault: 'kv${compactPrefix}${nameSuffix}'
  plan: 'plan-${namePrefix}-${nameSuffix}'
  functionApp: 'func-${namePrefix}-${nameSuffix}'
}

// The containers, tables and queue JobPipeline uses; their names are the app's defaults.
var data = {
  jobsContainer: 'jobs'
  deploymentContainer: 'deploymentpackage'
  jobsTable: 'jobs'
  vaultTable: 'vault'
  indexTable: 'jobindex'
  jobsQueue: 'jobs'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: names.workspace
    applicationInsightsName: names.applicationInsights
    logRetentionInDays: logRetentionInDays
    publisherPrincipalId: identity.properties.principalId
    publisherIdentityResourceId: identity.id
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    storageAccountName: names.storage
    skuName: storageSkuName
    jobsContainerName: data.jobsContainer
    deploymentContainerName: data.deploymentContainer
    jobsTableName: data.jobsTable
    vaultTableName: data.vaultTable
    indexTableName: data.indexTable
    jobsQueueName: data.jobsQueue
    appPrincipalId: identity.properties.principalId
    appIdentityResourceId: identity.id
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    tags: tags
    keyVaultName: names.keyVault
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    secretNames: {
      apiKeySha256: 'jobpipeline-apikeys-0-keysha256'
      vaultMasterKey: 'jobpipeline-vault-masterkey'
      redactionHashKey: 'jobpipeline-redaction-hashkey'
      webhookSecret: 'jobpipeline-apikeys-0-webhooksecret'
    }
    apiKeySha256: apiKeySha256
    vaultMasterKey: vaultMasterKey
    redactionHashKey: redactionHashKey
    webhookSecret: webhookSecret
    hasWebhookSecret: !empty(webhookSecret)
    readerPrincipalId: identity.properties.principalId
    readerIdentityResourceId: identity.id
  }
}

// Webhooks of API key 0's tenant: one setting per callback origin and the signing secret as a Key Vault reference.
// Origins without a secret would stop the app at start (its options validation), so the deployment stops first.
var webhookSettings = empty(callbackOrigins) && empty(webhookSecret)
  ? {}
  : !empty(callbackOrigins) && empty(webhookSecret)
      ? fail('callbackOrigins needs webhookSecret: the webhooks of a tenant with callback origins are signed with it.')
      : union(
          toObject(range(0, length(callbackOrigins)), i => 'JobPipeline__ApiKeys__0__CallbackOrigins__${i}', i => callbackOrigins[i]),
          { JobPipeline__ApiKeys__0__WebhookSecret: keyVault.outputs.references.webhookSecret }
        )

// The app consumes every module's outputs, so it is created after the role assignments those modules make:
// its first start already has access to storage, Key Vault and Application Insights.
module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  // The app reads the Application Insights component by name, and publishes to it as soon as it starts.
  dependsOn: [
    monitoring
  ]
  params: {
    location: location
    tags: tags
    planName: names.plan
    functionAppName: names.functionApp
    identityResourceId: identity.id
    identityClientId: identity.properties.clientId
    storageAccountName: names.storage
    deploymentContainerUri: storage.outputs.deploymentContainerUri
    applicationInsightsName: names.applicationInsights
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    jobPipelineSettings: {
      TaskHubName: taskHubName
      RetentionSchedule: retentionSchedule
      JobPipeline__Storage__BlobServiceUri: storage.outputs.blobServiceUri
      JobPipeline__Storage__TableServiceUri: storage.outputs.tableServiceUri
      JobPipeline__Storage__QueueServiceUri: storage.outputs.queueServiceUri
      JobPipeline__ApiKeys__0__Tenant: apiKeyTenant
      JobPipeline__ApiKeys__0__KeySha256: keyVault.outputs.references.apiKeySha256
      JobPipeline__Vault__MasterKey: keyVault.outputs.references.vaultMasterKey
      JobPipeline__Redaction__HashKey: keyVault.outputs.references.redactionHashKey
      JobPipeline__Retention: retention
      JobPipeline__SasLifetime: sasLifetime
      JobPipeline__InlineResultMaxBytes: string(inlineResultMaxBytes)
    }
    webhookSettings: webhookSettings
  }
}

@description('Base URL of the API, e.g. https://<app>.azurewebsites.net/api.')
output apiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/api'

@description('Name of the function app (for `func azure functionapp publish`).')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.functionAppName

@description('Name of the storage account.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.storageAccountName

@description('Name of the Key Vault.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.keyVaultName

@description('Name of the Application Insights component.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

@description('Client id of the managed identity the app runs as (not a secret).')
output AZURE_CLIENT_ID string = identity.properties.clientId
