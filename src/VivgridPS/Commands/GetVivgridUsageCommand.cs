using System;
using System.Management.Automation;
using VivgridPS.Completers;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Ledger;
using VivgridPS.Errors;

namespace VivgridPS.Commands
{
    /// <summary>
    /// Get-VivgridUsage: reads the usage ledger and emits one <see cref="UsageRecord"/> per call, filtered by time
    /// window, model and tag. Damaged lines become warnings; they never stop the read.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VivgridUsage")]
    [OutputType(typeof(UsageRecord))]
    public sealed class GetVivgridUsageCommand : PSCmdlet
    {
        /// <summary>Calls at or after this time. A DateTime without a kind is local time, as Get-Date gives.</summary>
        [Parameter(Position = 0)]
        public DateTime Since { get; set; }

        /// <summary>Calls before this time (exclusive, so consecutive windows never count a call twice).</summary>
        [Parameter]
        public DateTime Until { get; set; }

        /// <summary>Model wildcards, matched against the model that answered and the model that was asked for.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string[]? Model { get; set; }

        /// <summary>Tag wildcards (the -Tag given to Invoke-VivgridChat).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TagCompleter))]
        public string[]? Tag { get; set; }

        /// <summary>Read this ledger file instead of the one VIVGRID_USAGE_LOG or the per-user default names.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        protected override void EndProcessing()
        {
            UsageLedger ledger = ResolveLedger();
            if (!ledger.IsEnabled)
            {
                WriteWarning("The usage ledger is disabled (" + UsageLedger.EnvironmentVariable + " is off); use -Path to read a ledger file.");
                return;
            }

            Func<string?, bool>? models, tags;
            try
            {
                models = Text.WildcardFilter.AnyOf(Model);
                tags = Text.WildcardFilter.AnyOf(Tag);
            }
            catch (VivgridException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(ex));
                return;
            }

            WriteVerbose("Reading the usage ledger '" + ledger.Path + "'.");
            DateTimeOffset? since = MyInvocation.BoundParameters.ContainsKey(nameof(Since)) ? ToInstant(Since) : null;
            DateTimeOffset? until = MyInvocation.BoundParameters.ContainsKey(nameof(Until)) ? ToInstant(Until) : null;
            try
            {
                // Warnings are raised during enumeration, i.e. on this pipeline thread, so WriteWarning is safe here.
                foreach (UsageRecord record in ledger.Read(since, until, models, tags, WriteWarning))
                {
                    WriteObject(record);
                }
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                var error = new VivgridException(VivgridErrorId.LedgerReadFailed, VivgridErrorKind.ReadError,
                    "Cannot read the usage ledger '" + ledger.Path + "': " + ex.Message,
                    "Check that the file exists and is readable, or pass -Path.", inner: ex);
                ThrowTerminatingError(ErrorRecordFactory.Create(error, ledger.Path));
            }
        }

        private UsageLedger ResolveLedger()
        {
            if (Path is not null)
            {
                string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                if (!System.IO.File.Exists(file) && !System.IO.Directory.Exists(file))
                {
                    // An explicit file that is not there is a mistake (a typo, the wrong folder), not an empty history.
                    var missing = new VivgridException(VivgridErrorId.LedgerReadFailed, VivgridErrorKind.NotFound,
                        "The usage ledger file '" + file + "' does not exist.",
                        "Check the path; without -Path, Get-VivgridUsage reads the ledger that VIVGRID_USAGE_LOG or the per-user default names.");
                    ThrowTerminatingError(ErrorRecordFactory.Create(missing, file));
                }
                return new UsageLedger(file);
            }
            try
            {
                return UsageLedger.FromEnvironment(SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            }
            catch (VivgridException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(ex, UsageLedger.EnvironmentVariable));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>
        /// [datetime]'2025-01-01' has Kind Unspecified; PowerShell users mean local time by it, like Get-Date.
        /// Converting through DateTimeOffset keeps the instant, so it compares correctly with UTC ledger times.
        /// </summary>
        internal static DateTimeOffset ToInstant(DateTime value)
        {
            DateTime withKind = value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Local) : value;
            return new DateTimeOffset(withKind).ToUniversalTime();
        }
    }
}
