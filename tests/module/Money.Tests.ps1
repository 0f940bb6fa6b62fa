BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
}

Describe 'Models, tokens and money' {
    BeforeEach {
        Set-VivgridTestEnvironment
        Reset-Emulator
        $env:VIVGRID_USAGE_LOG = Join-Path $TestDrive 'usage.jsonl'
        Remove-Item $env:VIVGRID_USAGE_LOG -ErrorAction SilentlyContinue
    }

    It 'Get-VivgridModel -Offline lists the bundled catalog with the spec prices' {
        $m = Get-VivgridModel gpt-5.4-mini -Offline
        $m | Should -BeOfType VivgridPS.ModelInfo
        $m.InputPricePerMillion | Should -Be 0.75
        $m.CachedInputPricePerMillion | Should -Be 0.08
        $m.OutputPricePerMillion | Should -Be 4.50
        $m.ContextWindow | Should -Be 400000
        $m.Available | Should -BeNullOrEmpty
        (Get-VivgridModel gpt-5.1-codex -Offline).Api | Should -Be 'responses'
        @(Get-VivgridModel 'gpt-5*' -Offline).Count | Should -BeGreaterOrEqual 10
    }

    It 'Get-VivgridModel merges the live list when a key is set' {
        $models = Get-VivgridModel -Refresh
        ($models | Where-Object Id -eq 'gpt-5.4-mini').Available | Should -BeTrue
        (Get-EmulatorRequest).path | Should -Contain '/v1/models'
    }

    It 'Get-VivgridModel warns and still returns the catalog when the live list fails' {
        Add-EmulatorReply @{ status = 500; repeat = 5 }
        $warnings = $null
        $models = Get-VivgridModel -Refresh -WarningVariable warnings -WarningAction SilentlyContinue
        $models.Count | Should -BeGreaterOrEqual 13
        $warnings | Should -Not -BeNullOrEmpty
        ($warnings -join ' ') | Should -Not -Match ([regex]::Escape($TestKey))
    }

    It 'Measure-VivgridCost estimates piped text with the chat overhead, before any call' {
        $e = 'hello world' | Measure-VivgridCost -Model gpt-5.4-mini
        $e | Should -BeOfType VivgridPS.CostEstimate
        $e.InputTokens | Should -Be 9        # 2 text tokens + 3 per message + 3 reply priming
        $e.IsEstimate | Should -BeFalse
        $e.FitsContext | Should -BeTrue
        $e.InputCostUsd | Should -Be (9 * 0.75 / 1e6)
        Get-EmulatorRequest | Should -BeNullOrEmpty
    }

    It 'Measure-VivgridCost sums results, and cached tokens are billed once at the cached price' {
        $usage = @{ prompt_tokens = 1000000; completion_tokens = 10; total_tokens = 1000010; prompt_tokens_details = @{ cached_tokens = 400000 } }
        Add-EmulatorReply @{ content = 'cached answer'; usage = $usage }
        $r = Invoke-VivgridChat 'x' -Model gpt-5.4-mini
        $r.CachedInputTokens | Should -Be 400000
        $r.CostUsd | Should -Be ([decimal]0.600000 * 0.75 + [decimal]0.4 * 0.08 + [decimal]10 * 4.5 / 1e6)
        $sum = $r | Measure-VivgridCost
        $sum.TotalCostUsd | Should -Be $r.CostUsd
        $sum.CachedInputTokens | Should -Be 400000
    }

    It 'the ledger records each call and Get-VivgridUsage pipes into Measure-VivgridCost' {
        1..3 | ForEach-Object { $null = Invoke-VivgridChat "question $_" -Model gpt-5.4-nano -Tag report }
        $null = Invoke-VivgridChat 'other' -Model gpt-5.4-mini -Tag other
        $usage = Get-VivgridUsage -Since (Get-Date).AddMinutes(-5)
        $usage.Count | Should -Be 4
        $usage[0] | Should -BeOfType VivgridPS.UsageRecord
        $byModel = $usage | Measure-VivgridCost -GroupBy Model
        ($byModel | Where-Object Group -eq 'gpt-5.4-nano').Count | Should -Be 3
        (Get-VivgridUsage -Tag report | Measure-VivgridCost).Count | Should -Be 3
        $csv = Join-Path $TestDrive 'usage.csv'
        Get-VivgridUsage | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv).Count | Should -Be 4
        Get-Content $env:VIVGRID_USAGE_LOG -Raw | Should -Not -Match ([regex]::Escape($TestKey))
    }

    It '-MaxCost refuses an over-budget input with BudgetExceeded and sends nothing' {
        $big = 'word ' * 50000
        { $big | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4 -MaxCost 0.01 -ErrorAction Stop } |
            Should -Throw -ErrorId 'BudgetExceeded,VivgridPS.Commands.InvokeVivgridChatCommand'
        Get-EmulatorRequest | Should -BeNullOrEmpty
    }

    It 'tab-completes -Model from the catalog' {
        $line = 'Invoke-VivgridChat -Model gpt-5.4-n'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'gpt-5.4-nano'
    }
}
