# Issue 20: many calls against one rate limit. The emulator's rate-limited mode (token bucket, 20 requests/s) is the
# only ceiling: every item must succeed, the run must take about 300 / 20 = 15 s, and the 429s the emulator sends must
# stay a small multiple of the limit (each call finding the limit by itself would cost hundreds).
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-VivgridTestModule
    $script:Limit = 20
    $script:Items = 300

    function Set-EmulatorRateLimit([int] $PerSecond) {
        Invoke-RestMethod -Method Post -Uri "$script:ControlUri/_emulator/ratelimit?perSecond=$PerSecond"
    }

    function Get-EmulatorRateLimit { Invoke-RestMethod -Uri "$script:ControlUri/_emulator/ratelimit" }

    # Its own key, so its gate (one per base URL and key) is not the one the other test files share.
    function New-GateKey { 'test-key-ratelimit-' + [guid]::NewGuid().ToString('N') }

    function Assert-NothingLost($Results, $Ledger, $Stats, [double] $Seconds) {
        @($Results).Count | Should -Be $script:Items
        @($Results | Where-Object { [string]::IsNullOrEmpty($_.Content) }).Count | Should -Be 0
        @($Ledger).Count | Should -Be $script:Items -Because 'every call that reached the service has its one ledger line'
        @($Ledger | Where-Object Status -ne 'completed').Count | Should -Be 0
        $Stats.admitted | Should -Be $script:Items -Because 'only the successful requests took a token'
        $Stats.limited | Should -BeLessOrEqual (3 * $script:Limit) -Because "the 429s stay a small multiple of the limit (got $($Stats.limited))"
        $ideal = $script:Items / $script:Limit
        $Seconds | Should -BeGreaterOrEqual ($ideal * 0.8)
        $Seconds | Should -BeLessOrEqual ($ideal * 1.2) -Because "the limit should be the only ceiling (ideal $ideal s, took $Seconds s)"
        Write-Host ("    {0} items in {1:0.00} s = {2:0.0} req/s, {3:0.0} % of the {4} req/s limit; {5} x 429" -f `
            $script:Items, $Seconds, ($script:Items / $Seconds), (100 * $script:Items / $Seconds / $script:Limit), $script:Limit, $Stats.limited)
    }
}

Describe 'One rate limit shared by every call (issue 20)' -Tag 'RateLimit' {
    BeforeEach {
        Set-VivgridTestEnvironment
        Reset-Emulator
        $env:VIVGRID_API_KEY = New-GateKey
        $script:LedgerFile = Join-Path $TestDrive ('usage-' + [guid]::NewGuid().ToString('N') + '.jsonl')
        $env:VIVGRID_USAGE_LOG = $script:LedgerFile
    }

    AfterEach {
        Set-EmulatorRateLimit 0 | Out-Null
        Set-VivgridTestEnvironment
    }

    It '300 items at -ThrottleLimit 32 against 20 requests/s: all succeed in about 15 s' {
        Set-EmulatorRateLimit $script:Limit | Out-Null
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = 1..$script:Items | ForEach-Object { "ticket $_" } |
            Invoke-VivgridChat -Prompt 'Classify' -Each -Model gpt-5.4-nano -ThrottleLimit 32 -MaxRetries 3 -ErrorAction Stop
        $clock.Stop()
        Assert-NothingLost $results (Get-VivgridUsage -Path $script:LedgerFile) (Get-EmulatorRateLimit) $clock.Elapsed.TotalSeconds
    }

    It 'the same through ForEach-Object -Parallel -ThrottleLimit 16, one cmdlet call per item' {
        Set-EmulatorRateLimit $script:Limit | Out-Null
        $module = $script:ModulePath
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = 1..$script:Items | ForEach-Object -ThrottleLimit 16 -Parallel {
            Import-Module $using:module
            Invoke-VivgridChat "ticket $_" -Model gpt-5.4-nano -MaxRetries 3 -ErrorAction Stop
        }
        $clock.Stop()
        Assert-NothingLost $results (Get-VivgridUsage -Path $script:LedgerFile) (Get-EmulatorRateLimit) $clock.Elapsed.TotalSeconds
    }

    It 'says in -Verbose when the gate pauses and why' {
        Set-EmulatorRateLimit 5 | Out-Null
        $verbose = 1..12 | ForEach-Object { "ticket $_" } |
            Invoke-VivgridChat -Prompt 'Classify' -Each -Model gpt-5.4-nano -ThrottleLimit 8 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'Rate limit on http://127\.0\.0\.1:\d+: pausing new requests for [\d.]+ s \(HTTP 429, service asked to wait'
    }

    It 'an exhausted quota is not retried and stops the queued items with one error' {
        Add-EmulatorReply @{ status = 429; body = '{"error":{"message":"Your account balance is exhausted.","type":"billing_error","param":null,"code":"balance_exhausted"}}' }
        $err = $null; $warn = $null
        $results = 1..6 | ForEach-Object { "ticket $_" } |
            Invoke-VivgridChat -Prompt 'Classify' -Each -Model gpt-5.4-nano -MaxRetries 3 -ErrorVariable err -WarningVariable warn -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 0
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RateLimited,*'
        $err[0].Exception.Message | Should -Match 'balance is exhausted'
        ($warn -join "`n") | Should -Match '5 item\(s\) were not sent because the quota is exhausted'
        (Get-EmulatorRequest).Count | Should -Be 1 -Because 'neither retried nor the queued items sent'
        @(Get-VivgridUsage -Path $script:LedgerFile).Count | Should -Be 1 -Because 'the one call that reached the service has its line'
    }
}
