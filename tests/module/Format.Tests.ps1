BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
    function Get-Rendered($InputObject) { ($InputObject | Out-String -Width 80) -split "`r?`n" }
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
