// Key Vault for the secrets of JobPipeline, read by the app through Key Vault references in its app settings.
// RBAC only (no access policies), soft delete with purge protection.

@description('Azure region of the vault.')
param location string

@description('Tags put on every resource.')
param tags { *: string }

@description('Name of the vault (3-24 letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param keyVaultName string

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Names of the secrets to create.')
param secretNames { apiKeySha256: string, vaultMasterKey: string, redactionHashKey: string, webhookSecret: string }

@description('Lowercase hex SHA-256 of the API key of tenant 0.')
@secure()
param apiKeySha256 string

@description('Master key of the token vault (mask/unmask).')
@secure()
param vaultMasterKey string

@description('Key of the keyed hash used by redaction.')
@secure()
param redactionHashKey string

@description('Secret the webhooks of API key 0 are signed with; created only when hasWebhookSecret.')
@secure()
param webhookSecret string = ''

@description('Whether webhookSecret is given (a secure value cannot decide what the outputs hold).')
param hasWebhookSecret bool = false

@description('Principal id of the managed identity that reads the secrets.')
param readerPrincipalId string

@description('Resource id of that managed identity; names its role assignments so that they are stable.')
param readerIdentityResourceId string

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource apiKeySha256Secret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: secretNames.apiKeySha256
  properties: {
    value: apiKeySha256
    contentType: 'text/plain; lowercase hex SHA-256'
  }
}

resource vaultMasterKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: secretNames.vaultMasterKey
  properties: {
    value: vaultMasterKey
    contentType: 'text/plain'
  }
}

resource redactionHashKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: secretNames.redactionHashKey
  properties: {
    value: redactionHashKey
    contentType: 'text/plain'
  }
}

resource webhookSecretSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (hasWebhookSecret) {
  parent: vault
  name: secretNames.webhookSecret
  properties: {
    value: webhookSecret
    contentType: 'text/plain; whsec_ and base64'
  }
}

// Key Vault Secrets User: read secret values, which is what resolving a Key Vault reference does.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerIdentityResourceId, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the vault.')
output keyVaultName string = vault.name

// Versionless references: a rotated secret is picked up without redeploying the app settings.
@description('Key Vault reference app setting values, by secret, e.g. @Microsoft.KeyVault(SecretUri=...).')
output references { apiKeySha256: string, vaultMasterKey: string, redactionHashKey: string, webhookSecret: string } = {
  apiKeySha256: '@Microsoft.KeyVault(SecretUri=${apiKeySha256Secret.properties.secretUri})'
  vaultMasterKey: '@Microsoft.KeyVault(SecretUri=${vaultMasterKeySecret.properties.secretUri})'
  redactionHashKey: '@Microsoft.KeyVault(SecretUri=${redactionHashKeySecret.properties.secretUri})'
  webhookSecret: !hasWebhookSecret ? '' : '@Microsoft.KeyVault(SecretUri=${webhookSecretSecret!.properties.secretUri})'
}
