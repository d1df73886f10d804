// Parameters for `az deployment group create -f infra/main.bicep -p infra/main.bicepparam` and for `azd up`.
// The three required secrets come from the environment and have no default, so a deployment without them stops here:
// azd: `azd env set NAME value`; az CLI: `export NAME=value` (a later `-p apiKeySha256=...` still overrides).
// Nothing secret is written in this file.
using './main.bicep'

param namePrefix = readEnvironmentVariable('AZURE_ENV_NAME', 'jobpipeline')

param apiKeyTenant = readEnvironmentVariable('JOBPIPELINE_API_KEY_TENANT', 'default')
param apiKeySha256 = readEnvironmentVariable('JOBPIPELINE_API_KEY_SHA256')
param vaultMasterKey = readEnvironmentVariable('JOBPIPELINE_VAULT_MASTER_KEY')
param redactionHashKey = readEnvironmentVariable('JOBPIPELINE_REDACTION_HASH_KEY')

// Webhooks are optional: comma-separated origins, and the whsec_ secret they are signed with.
param callbackOrigins = empty(readEnvironmentVariable('JOBPIPELINE_CALLBACK_ORIGINS', ''))
  ? []
  : split(readEnvironmentVariable('JOBPIPELINE_CALLBACK_ORIGINS', ''), ',')
param webhookSecret = readEnvironmentVariable('JOBPIPELINE_WEBHOOK_SECRET', '')

param retention = '7.00:00:00'
param sasLifetime = '00:15:00'
param inlineResultMaxBytes = 65536
