@{
    RootModule           = 'VivgridPS.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1d3c52-8a3e-4b8f-9c47-2f5e0b7d9a11'
    Author               = 'VivgridPS contributors'
    CompanyName          = 'VivgridPS'
    Copyright            = '(c) VivgridPS contributors. MIT License.'
    Description          = 'Call the Vivgrid LLM API (OpenAI-compatible) from PowerShell: streaming chat, structured output, costs, budgets and a usage ledger.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('VivgridPS.Format.ps1xml')
    CmdletsToExport      = @('Invoke-VivgridChat', 'Get-VivgridModel', 'Measure-VivgridCost', 'Get-VivgridUsage')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @('ivc')
    PrivateData          = @{
        PSData = @{
            Tags         = @('Vivgrid', 'LLM', 'OpenAI', 'ChatGPT', 'AI', 'GPT', 'Streaming', 'Cost', 'Tokens', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/vivgridps/VivgridPS'
            ReleaseNotes = 'First release. Invoke-VivgridChat (streaming, pipeline rules, structured output, budgets, retries), Get-VivgridModel, Measure-VivgridCost, Get-VivgridUsage; full help (Get-Help about_VivgridPS).'
        }
    }
}
