# Shared by every *.Tests.ps1: imports the staged module and talks to the emulator's control endpoints.
$script:ModulePath = $env:VIVGRID_TEST_MODULE
$script:EmulatorUri = $env:VIVGRID_EMULATOR_URL
$script:ControlUri = $script:EmulatorUri -replace '/v1/?$', ''
$script:TestKey = 'test-key-0123456789abcdefSECRET'

function Import-VivgridTestModule {
    Import-Module $script:ModulePath -Force -ErrorAction Stop
}

function Set-VivgridTestEnvironment {
    $env:VIVGRID_BASE_URL = $script:EmulatorUri
    $env:VIVGRID_API_KEY = $script:TestKey
    $env:VIVGRID_MODEL = $null
    $env:VIVGRID_USAGE_LOG = 'off'
    $env:VIVGRID_CATALOG = $null
}

function Reset-Emulator {
    Invoke-RestMethod -Method Post -Uri "$script:ControlUri/_emulator/reset" | Out-Null
}

function Add-EmulatorReply {
    param([Parameter(Mandatory, ValueFromPipeline)] [hashtable[]] $Reply)
    begin { $all = [System.Collections.Generic.List[hashtable]]::new() }
    process { $all.AddRange($Reply) }
    end {
        $json = ConvertTo-Json -InputObject @($all) -Depth 10 -Compress
        Invoke-RestMethod -Method Post -Uri "$script:ControlUri/_emulator/script" -Body $json -ContentType 'application/json' | Out-Null
    }
}

function Get-EmulatorRequest {
    @(Invoke-RestMethod -Uri "$script:ControlUri/_emulator/requests")
}

function Get-EmulatorRequestBody {
    Get-EmulatorRequest | ForEach-Object { $_.body | ConvertFrom-Json }
}

# The command that starts another pwsh like this one: under `dotnet pwsh` the process is dotnet and pwsh.dll is
# its first argument; a native pwsh is its own executable.
function Get-PwshCommand {
    $exe = (Get-Process -Id $PID).Path
    $first = [Environment]::GetCommandLineArgs()[0]
    if ($first -like '*.dll') { return @($exe, $first) }
    return @($exe)
}
