// The one storage account of JobPipeline: job inputs and results (blobs), the status projection and the token
// vault (tables), the job queue, the Durable Functions task hub (AzureWebJobsStorage) and the Flex Consumption
// deployment package. Shared key access is off: everything signs in with Entra ID, result pointers are user
// delegation SAS URLs.

@description('Azure region of the account.')
param location string

@description('Tags put on every resource.')
param tags { *: string }

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Redundancy of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Blob container for job inputs and results.')
param jobsContainerName string

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Table of the job status projection.')
param jobsTableName string

@description('Table of the token vault (mask/unmask).')
param vaultTableName string

@description('Table of the idempotency keys and the expiry index of the retention sweep.')
param indexTableName string

@description('Queue of jobs.')
param jobsQueueName string

@description('Principal id of the managed identity of the function app.')
param appPrincipalId string

@description('Resource id of that managed identity; names its role assignments so that they are stable.')
param appIdentityResourceId string

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: storage
  name: 'default'
}

resource jobsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: jobsContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-06-01' = {
  parent: storage
  name: 'default'
}

resource jobsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = {
  parent: tableService
  name: jobsTableName
}

resource vaultTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = {
  parent: tableService
  name: vaultTableName
}

resource indexTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = {
  parent: tableService
  name: indexTableName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2026-06-01' = {
  parent: storage
  name: 'default'
}

resource jobsQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-06-01' = {
  parent: queueService
  name: jobsQueueName
}

// What the app does with this account, and nothing more. The role definition ids are Azure's built-in ones.

// Storage Blob Data Owner: job blobs, the deployment package, and the Functions host's blob leases.
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appIdentityResourceId, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Blob Delegator: get a user delegation key, to sign the read-only SAS of result pointers.
resource blobDelegator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appIdentityResourceId, 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Queue Data Contributor: the job queue and the Durable task hub's control and work-item queues.
resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appIdentityResourceId, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Table Data Contributor: the status projection, the token vault and the Durable history/instances tables.
resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appIdentityResourceId, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the storage account.')
output storageAccountName string = storage.name

@description('Blob service endpoint, e.g. https://<account>.blob.core.windows.net/.')
output blobServiceUri string = storage.properties.primaryEndpoints.blob

@description('Table service endpoint.')
output tableServiceUri string = storage.properties.primaryEndpoints.table

@description('Queue service endpoint.')
output queueServiceUri string = storage.properties.primaryEndpoints.queue

@description('URL of the deployment package container.')
output deploymentContainerUri string = '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'

@description('Names of the job data container, tables and queue, as created.')
output dataNames { container: string, jobsTable: string, vaultTable: string, indexTable: string, queue: string } = {
  container: jobsContainer.name
  jobsTable: jobsTable.name
  vaultTable: vaultTable.name
  indexTable: indexTable.name
  queue: jobsQueue.name
}
