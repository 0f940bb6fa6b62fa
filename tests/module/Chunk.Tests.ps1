# -Chunk as users run it: a log file piped in, -WhatIf first, then the run, its parts and its ledger lines.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
    # The control endpoint answers one JSON array; unroll it to count requests.
    function Get-SentRequest { @(Get-EmulatorRequest | ForEach-Object { $_ }) }
}

Describe 'Invoke-VivgridChat -Chunk' {
    BeforeEach {
        Set-VivgridTestEnvironment
        Reset-Emulator
        $env:VIVGRID_USAGE_LOG = Join-Path $TestDrive 'usage.jsonl'
        Remove-Item $env:VIVGRID_USAGE_LOG -ErrorAction SilentlyContinue
        $script:log = Join-Path $TestDrive 'app.log'
        $lines = foreach ($i in 1..3000) { 'L{0:D6} 2026-11-29T13:00:00Z host{1} GET /api/items/{0} 200 {2} ms' -f $i, ($i % 5), ($i % 700) }
        Set-Content -LiteralPath $script:log -Value $lines -Encoding utf8NoBOM
    }

    It 'shows the chunks and the worst case with -WhatIf and sends nothing' {
        $estimate = Get-Item $script:log | Measure-VivgridCost -Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 4000
        $estimate | Should -BeOfType VivgridPS.ChunkEstimate
        $estimate.Chunks | Should -BeGreaterThan 5
        $estimate.Lines | Should -Be 3000
        $estimate.MaxTotalCostUsd | Should -BeGreaterThan 0
        $null = Get-Item $script:log | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 4000 -WhatIf
        (Get-SentRequest).Count | Should -Be 0
    }

    It 'returns one result with its parts, and one ledger line per request tagged with the run' {
        $estimate = Get-Item $script:log | Measure-VivgridCost -Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 4000
        $r = Get-Item $script:log | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 4000 -ThrottleLimit 3 -Tag chunked
        @($r).Count | Should -Be 1
        $r.ChunkCount | Should -Be $estimate.Chunks
        $r.Parts.Count | Should -Be ((Get-SentRequest).Count - 1)
        $usage = @(Get-VivgridUsage -Tag chunked)
        $usage.Count | Should -Be (Get-SentRequest).Count
        @($usage.Run | Sort-Object -Unique) | Should -Be @($r.RunId)
        ($usage | Measure-Object CostUsd -Sum).Sum | Should -Be $r.CostUsd
        ($usage | Measure-Object InputTokens -Sum).Sum | Should -Be $r.InputTokens
    }

    It 'chunks lines piped from Get-Content the same as the file' {
        $fromFile = Get-Item $script:log | Measure-VivgridCost -Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 4000
        $fromLines = Get-Content $script:log | Measure-VivgridCost -Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 4000
        $fromLines.Chunks | Should -Be $fromFile.Chunks
        $r = Get-Content $script:log | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 4000
        $r.ChunkCount | Should -Be $fromFile.Chunks
        $maps = Get-SentRequest | ForEach-Object { $_.body | ConvertFrom-Json } | Where-Object { $_.messages.Count -eq 2 -and $_.messages[0].content -match 'the next message is part' }
        ($maps.messages | Where-Object { $_.content -match '^L\d{6}' }).content -join '' -split "`n" | Should -Be (Get-Content $script:log)
    }

    It 'refuses a -ChunkTokens that cannot hold text, before reading input' {
        { 'x' | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,VivgridPS.Commands.InvokeVivgridChatCommand'
        (Get-SentRequest).Count | Should -Be 0
    }

    It 'documents -Chunk and -ChunkTokens in Get-Help' {
        ((Get-Help Invoke-VivgridChat -Parameter Chunk).description.Text -join ' ') | Should -Match 'line boundaries'
        ((Get-Help Invoke-VivgridChat -Parameter ChunkTokens).description.Text -join ' ') | Should -Match 'Implies -Chunk'
        ((Get-Help Measure-VivgridCost -Parameter Chunk).description.Text -join ' ') | Should -Match 'ChunkEstimate'
    }
}
