# Tab completion as a user gets it: through TabExpansion2 on a typed command line, with the staged module imported.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
    Set-VivgridTestEnvironment

    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }

    # Model and tag parameters that do not have a completer yet. Kept explicit so the test fails both when another
    # parameter loses its completer and when one of these gains it (then remove it from this list).
    $script:KnownWithoutCompleter = @()
}

Describe 'Model completion' {
    It 'completes <Line> with catalog ids starting with what was typed' -ForEach @(
        @{ Line = 'Invoke-VivgridChat -Model gpt-5.4-n'; Expected = 'gpt-5.4-nano' }
        @{ Line = 'Measure-VivgridCost -Model gpt-5.4-m'; Expected = 'gpt-5.4-mini' }
        @{ Line = 'Get-VivgridModel -Name deep'; Expected = 'deepseek-v3.2' }
        @{ Line = 'Get-VivgridModel gemini-3.1-f'; Expected = 'gemini-3.1-flash-lite-preview' }
        @{ Line = 'Get-VivgridModel -Id gpt-5.1-codex-'; Expected = 'gpt-5.1-codex-max' }
    ) {
        $matches = Get-Completion $Line
        $matches.CompletionText | Should -Contain $Expected
        $typed = ($Line -split ' ')[-1]
        foreach ($m in $matches) { $m.CompletionText | Should -BeLike "$typed*" }
        ($matches | Where-Object CompletionText -eq $Expected).ToolTip | Should -Match 'per 1M tokens'
    }

    It 'offers every catalog id for an empty word, and nothing for an unknown prefix' {
        $all = Get-Completion 'Invoke-VivgridChat -Model '
        $all.CompletionText | Sort-Object | Should -Be ((Get-VivgridModel -Offline).Id | Sort-Object)
        Get-Completion 'Invoke-VivgridChat -Model zzz-no-such' | Should -BeNullOrEmpty
    }

    It 'includes models added by a user catalog ($env:VIVGRID_CATALOG)' {
        $catalog = Join-Path $TestDrive 'catalog.json'
        '{ "models": [ { "id": "zz-private-model", "inputPricePerMillion": 1, "outputPricePerMillion": 2 } ] }' | Set-Content $catalog
        try {
            $env:VIVGRID_CATALOG = $catalog
            (Get-Completion 'Invoke-VivgridChat -Model zz-').CompletionText | Should -Be 'zz-private-model'
        }
        finally { $env:VIVGRID_CATALOG = $null }
    }
}

Describe 'ReasoningEffort and GroupBy completion' {
    It 'completes -ReasoningEffort from its ValidateSet' {
        (Get-Completion 'Invoke-VivgridChat -ReasoningEffort m').CompletionText | Sort-Object | Should -Be @('medium', 'minimal')
        (Get-Completion 'Invoke-VivgridChat -ReasoningEffort ').CompletionText | Sort-Object | Should -Be @('high', 'low', 'medium', 'minimal', 'none', 'xhigh')
    }

    It 'completes -GroupBy from its ValidateSet' {
        (Get-Completion 'Measure-VivgridCost -GroupBy ').CompletionText | Sort-Object | Should -Be @('Day', 'Model', 'Source', 'Tag')
    }
}

Describe 'Tag completion' {
    BeforeAll {
        $ledger = Join-Path $TestDrive 'usage.jsonl'
        $lines = foreach ($tag in 'nightly', 'nightly', 'night shift', 'adhoc', $null) {
            @{ time = '2026-01-01T00:00:00Z'; model = 'gpt-5.4-mini'; inputTokens = 10; outputTokens = 5; costUsd = 0.0001
               durationMs = 100; status = 'completed'; tag = $tag } | ConvertTo-Json -Compress
        }
        Set-Content -LiteralPath $ledger -Value $lines
    }

    It 'completes Get-VivgridUsage -Tag with the distinct tags of the -Path ledger, quoting where needed' {
        (Get-Completion "Get-VivgridUsage -Path '$ledger' -Tag nig").CompletionText | Should -Be @("'night shift'", 'nightly')
    }

    It 'reads the ledger named by VIVGRID_USAGE_LOG when no -Path is typed' {
        try {
            $env:VIVGRID_USAGE_LOG = $ledger
            (Get-Completion 'Get-VivgridUsage -Tag ').CompletionText | Should -Be @('adhoc', "'night shift'", 'nightly')
        }
        finally { $env:VIVGRID_USAGE_LOG = 'off' }
    }

    It 'offers nothing when the ledger is off or missing' {
        Get-Completion 'Get-VivgridUsage -Tag ' | Should -BeNullOrEmpty
        Get-Completion "Get-VivgridUsage -Path '$TestDrive/none.jsonl' -Tag " | Should -BeNullOrEmpty
    }
}

Describe 'Completer wiring' {
    It 'gives every -Model, -Name and -Tag parameter of the module a completer' {
        $without = foreach ($command in Get-Command -Module VivgridPS -CommandType Cmdlet) {
            foreach ($name in 'Model', 'Name', 'Tag') {
                $p = $command.Parameters[$name]
                if (-not $p) { continue }
                $hasCompleter = $p.Attributes | Where-Object {
                    $_ -is [System.Management.Automation.ArgumentCompleterAttribute] -or $_ -is [System.Management.Automation.ValidateSetAttribute] }
                if (-not $hasCompleter) { "$($command.Name) -$name" }
            }
        }
        @($without | Where-Object { $_ -notin $script:KnownWithoutCompleter }).Count | Should -Be 0 -Because ($without -join ', ')
    }

    It 'keeps aliases few: only ivc' {
        (Get-Alias | Where-Object { $_.ModuleName -eq 'VivgridPS' }).Name | Should -Be @('ivc')
        (Get-Alias ivc).ResolvedCommandName | Should -Be 'Invoke-VivgridChat'
    }

    It 'declares [OutputType] on every cmdlet' {
        foreach ($command in Get-Command -Module VivgridPS -CommandType Cmdlet) {
            $command.OutputType.Count | Should -BeGreaterThan 0 -Because $command.Name
        }
    }
}
