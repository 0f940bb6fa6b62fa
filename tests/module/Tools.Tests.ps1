BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule

    # Get-Service does not exist on Linux/macOS pwsh: a stand-in with the same name and the parameter the model uses.
    function Get-Service {
        <#
        .SYNOPSIS
        Gets the services on the computer.
        .PARAMETER Name
        Service names; all services when left out.
        #>
        [CmdletBinding()]
        param([string[]] $Name)
        $global:VivgridServiceRuns++
        @(
            [pscustomobject]@{ Name = 'Spooler'; DisplayName = 'Print Spooler'; Status = 'Stopped'; StartType = 'Automatic' }
            [pscustomobject]@{ Name = 'Fax'; DisplayName = 'Fax'; Status = 'Stopped'; StartType = 'Manual' }
            [pscustomobject]@{ Name = 'W32Time'; DisplayName = 'Windows Time'; Status = 'Running'; StartType = 'Automatic' }
        ) | Where-Object { -not $Name -or $_.Name -in $Name }
    }

    # Invoke-RestMethod turns an empty JSON array into one $null/empty item; count the parsed array instead.
    function Get-RequestCount {
        ((Invoke-WebRequest -Uri "$ControlUri/_emulator/requests").Content | ConvertFrom-Json -NoEnumerate).Count
    }

    function Add-ServiceRoundTrip {
        Add-EmulatorReply @(
            @{ toolCalls = @(@{ id = 'call_1'; name = 'Get-Service'; arguments = '{}' })
               usage = @{ prompt_tokens = 400; completion_tokens = 20; total_tokens = 420 } }
            @{ content = 'Spooler (Print Spooler) starts automatically but is stopped.'
               usage = @{ prompt_tokens = 700; completion_tokens = 30; total_tokens = 730 } }
        )
    }
}

Describe 'Invoke-VivgridChat -Tool -InvokeTool' {
    BeforeEach {
        Set-VivgridTestEnvironment
        Reset-Emulator
        $global:VivgridServiceRuns = 0
    }

    It 'answers the README question "which services are stopped that should be running?" with a tool round trip' {
        Add-ServiceRoundTrip

        # README example
        $answer = Invoke-VivgridChat 'Which services are stopped that should be running?' `
            -Model gpt-5.4-mini -Tool (Get-Command Get-Service) -InvokeTool
        $answer.Content
        $answer.Messages | Where-Object Role -eq 'tool' | ForEach-Object Content   # what Get-Service told the model

        $answer.Content | Should -Be 'Spooler (Print Spooler) starts automatically but is stopped.'
        $answer.FinishReason | Should -Be 'stop'
        $global:VivgridServiceRuns | Should -Be 1
        $bodies = @(Get-EmulatorRequestBody)
        $bodies.Count | Should -Be 2
        $bodies[0].tools[0].function.name | Should -Be 'Get-Service'
        $bodies[0].tools[0].function.description | Should -Be 'Gets the services on the computer.'
        $bodies[0].tools[0].function.parameters.properties.Name.type | Should -Be 'array'
        $toolMessage = $bodies[1].messages | Where-Object role -eq 'tool'
        $toolMessage.tool_call_id | Should -Be 'call_1'
        $services = $toolMessage.content | ConvertFrom-Json
        ($services | Where-Object { $_.Status -eq 'Stopped' -and $_.StartType -eq 'Automatic' }).Name | Should -Be 'Spooler'
        $answer.InputTokens | Should -Be 1100
        $answer.OutputTokens | Should -Be 50
        $answer.CostUsd | Should -Be ([decimal]1100 * 0.75 / 1e6 + [decimal]50 * 4.5 / 1e6)
        @($answer.Messages.Role) | Should -Be @('user', 'assistant', 'tool', 'assistant')
    }

    It 'writes one ledger line per round, adding up to the result cost' {
        $env:VIVGRID_USAGE_LOG = Join-Path $TestDrive 'usage.jsonl'
        Add-ServiceRoundTrip
        $answer = Invoke-VivgridChat 'Which services are stopped that should be running?' -Model gpt-5.4-mini `
            -Tool (Get-Command Get-Service) -InvokeTool -Tag tools
        $lines = @(Get-Content $env:VIVGRID_USAGE_LOG | ConvertFrom-Json)
        $lines.Count | Should -Be 2
        @($lines.InputTokens) | Should -Be @(400, 700)
        ($lines | Measure-Object -Property CostUsd -Sum).Sum | Should -Be $answer.CostUsd
    }

    It 'returns the tool calls without running anything when -InvokeTool is left out' {
        Add-ServiceRoundTrip
        $r = Invoke-VivgridChat 'Which services are stopped?' -Tool (Get-Command Get-Service)
        $r.FinishReason | Should -Be 'tool_calls'
        $r.ToolCalls[0].Name | Should -Be 'Get-Service'
        $r.ToolCalls[0].Id | Should -Be 'call_1'
        $global:VivgridServiceRuns | Should -Be 0
        Get-RequestCount | Should -Be 1
    }

    It 'runs nothing and sends nothing with -WhatIf' {
        Add-ServiceRoundTrip
        $r = Invoke-VivgridChat 'Which services are stopped?' -Tool (Get-Command Get-Service) -InvokeTool -WhatIf
        $r | Should -BeNullOrEmpty
        $global:VivgridServiceRuns | Should -Be 0
        Get-RequestCount | Should -Be 0
    }

    It 'answers a request for an unlisted command with an error result and never runs it' {
        $file = Join-Path $TestDrive 'keep.txt'
        Set-Content $file 'keep'
        Add-EmulatorReply @(
            @{ toolCalls = @(@{ id = 'call_x'; name = 'Remove-Item'; arguments = (@{ Path = $file } | ConvertTo-Json -Compress) }) }
            @{ content = 'I cannot do that.' }
        )
        $r = Invoke-VivgridChat 'Delete it' -Tool (Get-Command Get-Service) -InvokeTool
        $r.Content | Should -Be 'I cannot do that.'
        Test-Path $file | Should -BeTrue
        $tool = (Get-EmulatorRequestBody)[1].messages | Where-Object role -eq 'tool'
        ($tool.content | ConvertFrom-Json).error | Should -BeLike "Command 'Remove-Item' is not an allowed tool*"
    }
}
