BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
    function Get-Rendered($InputObject) { ($InputObject | Out-String -Width 80) -split "`r?`n" }
    # The exact text of a view: trailing spaces and the blank lines PowerShell puts around a table dropped.
    function Get-Exact($InputObject) { ((Get-Rendered $InputObject) | ForEach-Object TrimEnd) -join "`n" -replace '^\n+|\n+$', '' }
}

Describe 'Default views in an 80-column console' {
    It 'the model table fits and shows every id whole' {
        $lines = Get-Rendered (Get-VivgridModel -Offline)
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        ($lines -join "`n") | Should -Match 'gemini-3\.1-flash-lite-preview '
        ($lines -join "`n") | Should -Not -Match '…'
    }

    It 'the estimate and summary tables fit, money with 6 decimals' {
        $estimate = Get-Rendered ('hello world' | Measure-VivgridCost -Model gpt-5.4-mini)
        $estimate | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        ($estimate -join "`n") | Should -Match '0\.000007'
        $summary = Get-Rendered ([VivgridPS.CostSummary]@{ Group = 'gpt-5.4-mini'; Count = 3; InputTokens = 1234567; OutputTokens = 4321; TotalCostUsd = 1.2345678 })
        $summary | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        ($summary -join "`n") | Should -Match '1\.234568'
    }

    It 'the usage table fits and does not cut the status' {
        $record = [VivgridPS.UsageRecord]@{ Time = [DateTimeOffset]::UtcNow; Model = 'gemini-3.1-pro-preview'; InputTokens = 123456; OutputTokens = 12345; CostUsd = 0.123456; Status = 'interrupted'; Tag = 'nightly' }
        $lines = Get-Rendered $record
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        ($lines -join "`n") | Should -Match 'interrupted'
        ($lines -join "`n") | Should -Match 'nightly'
    }

    It 'a chat result shows the answer, then model · tokens · cost' {
        $result = [VivgridPS.ChatResult]@{ Content = 'The answer.'; Model = 'gpt-5.4-mini'; InputTokens = 1200; CachedInputTokens = 1000; OutputTokens = 35; CostUsd = 0.000398; Duration = [timespan]::FromSeconds(1.25); FinishReason = 'stop' }
        $text = (Get-Rendered $result) -join "`n"
        $text | Should -Match 'The answer\.'
        $text | Should -Match '-- gpt-5\.4-mini · 1,200 in \(1,000 cached\) / 35 out tokens · \$0\.000398 · 1\.2 s'
    }
}

Describe 'Each default view, exactly, at 80 columns' {
    BeforeAll {
        $script:Result = [VivgridPS.ChatResult]@{ Content = 'The answer.'; Model = 'gpt-5.4-mini-2026-03-17'; InputTokens = 1234567; CachedInputTokens = 1000000
            OutputTokens = 35123; CostUsd = 0.000398; Duration = [timespan]::FromSeconds(12.25); FinishReason = 'length' }
    }

    It 'a chat result: the answer, then the summary broken between its pieces, never mid-word' {
        Get-Exact $Result | Should -BeExactly (@(
            'The answer.'
            '-- gpt-5.4-mini-2026-03-17'
            '   1,234,567 in (1,000,000 cached) / 35,123 out tokens · $0.000398 · 12.2 s'
            '   length') -join "`n")
    }

    It 'a short chat result keeps its summary on one line' {
        $short = [VivgridPS.ChatResult]@{ Content = 'Hi.'; Model = 'gpt-5.4-nano'; InputTokens = 12; OutputTokens = 3; CostUsd = $null; Duration = [timespan]::FromSeconds(0.5); FinishReason = 'stop' }
        Get-Exact $short | Should -BeExactly "Hi.`n-- gpt-5.4-nano · 12 in / 3 out tokens · cost n/a · 0.5 s"
    }

    It 'a chat result as a table: the answer, not Content and an empty Data column' {
        Get-Exact ($Result | Format-Table) | Should -BeExactly (@(
            'Model                          In     Out    Cost $ Answer'
            '-----                          --     ---    ------ ------'
            'gpt-5.4-mini-2026-03-17 1,234,567  35,123  0.000398 The answer.') -join "`n")
    }

    It 'the model table, with n/a for a price the catalog does not have' {
        $models = Get-VivgridModel -Offline | Where-Object Id -in 'deepseek-v3.2', 'gemini-3.1-pro-preview'
        Get-Exact $models | Should -BeExactly (@(
            'Id                             Context In $/1M Cached Out$/1M Api       Live'
            '--                             ------- ------- ------ ------- ---       ----'
            'deepseek-v3.2                     128K    0.28    n/a    0.42 chat      ?'
            'gemini-3.1-pro-preview          1,049K    2.00   0.20   12.00 chat      ?') -join "`n")
    }

    It 'the estimate table names a file, not its folder on every row' {
        $folder = Join-Path $TestDrive 'a-very-long-folder-name-for-logs/nightly'
        New-Item -ItemType Directory -Force $folder | Out-Null
        'hello world' | Set-Content (Join-Path $folder 'server.log')
        Get-Exact (Get-Item (Join-Path $folder 'server.log') | Measure-VivgridCost -Model gpt-5.4-mini) | Should -BeExactly (@(
            'Model                InputTokens    Input $  MaxOut    Worst $ Fits Source'
            '-----                -----------    -------  ------    ------- ---- ------'
            'gpt-5.4-mini                  10   0.000008  128000   0.576008 yes  server.log') -join "`n")
    }

    It 'the summary table shows n/a, not 0.000000, for a model without a price' {
        Get-Exact ([VivgridPS.CostSummary]@{ Group = 'mystery'; Count = 3; InputTokens = 1234567; OutputTokens = 4321; TotalCostUsd = $null }) | Should -BeExactly (@(
            'Group                      Count        Input     Cached     Output       Cost $'
            '-----                      -----        -----     ------     ------       ------'
            'mystery                        3    1,234,567          0      4,321          n/a') -join "`n")
    }

    It 'the usage table shows a dated model id whole' {
        $time = [DateTimeOffset][datetime]::new(2026, 3, 17, 9, 5, 0, [DateTimeKind]::Local)
        $record = [VivgridPS.UsageRecord]@{ Time = $time; Model = 'gpt-5.4-mini-2026-03-17'; InputTokens = 123456; OutputTokens = 12345; CostUsd = 0.123456; Status = 'interrupted'; Tag = 'nightly' }
        Get-Exact $record | Should -BeExactly (@(
            'Local time  Model                        In    Out    Cost $ Status      Tag'
            '----------  -----                        --    ---    ------ ------      ---'
            '03-17 09:05 gpt-5.4-mini-2026-03-17 123,456 12,345  0.123456 interrupted nightly') -join "`n")
    }
}
