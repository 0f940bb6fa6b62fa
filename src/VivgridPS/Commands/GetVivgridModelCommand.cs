using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using VivgridPS.Completers;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using VivgridPS.Core.Models;
using VivgridPS.Errors;
using VivgridPS.Security;

namespace VivgridPS.Commands
{
    /// <summary>
    /// Get-VivgridModel: the catalog (bundled + $env:VIVGRID_CATALOG), merged with the live GET /models list when a key is
    /// configured. A failing live call is a warning and the catalog is still returned with Available = $null.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VivgridModel")]
    [OutputType(typeof(ModelInfo))]
    public sealed class GetVivgridModelCommand : PSCmdlet, IDisposable
    {

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private IReadOnlyList<ModelInfo> _models = Array.Empty<ModelInfo>();

        /// <summary>Model ids; wildcards allowed. Binds model objects (and anything with an Id) from the pipeline.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Do not call GET /models; the catalog alone (Available = $null).</summary>
        [Parameter]
        public SwitchParameter Offline { get; set; }

        /// <summary>Ignore the list cached for this session and ask the service again.</summary>
        [Parameter]
        public SwitchParameter Refresh { get; set; }

        [Parameter]
        public SecureString? ApiKey { get; set; }

        [Parameter]
        public Uri? BaseUri { get; set; }

        protected override void BeginProcessing()
        {
            ModelCatalog catalog;
            try
            {
                catalog = ModelCatalog.Current;
            }
            catch (VivgridException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(ex, ex.Target));
                return;
            }
            _models = LiveIds() is IReadOnlyList<string> live ? catalog.MergeLive(live) : catalog.All.Select(ModelInfoCopier.Copy).ToList();
        }

        protected override void ProcessRecord()
        {
            if (Name == null || Name.Length == 0)
            {
                foreach (var m in _models) WriteObject(ModelInfoCopier.Copy(m));
                return;
            }
            var emitted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in Name)
            {
                foreach (var m in Matches(name).Where(m => emitted.Add(m.Id))) WriteObject(ModelInfoCopier.Copy(m));
            }
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();

        private IEnumerable<ModelInfo> Matches(string name)
        {
            if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                return _models.Where(m => pattern.IsMatch(m.Id));
            }
            var exact = _models.Where(m => string.Equals(m.Id, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (exact.Count == 0) WriteError(ErrorRecordFactory.Create(NotFound(name), name));
            return exact;
        }

        private VivgridException NotFound(string name)
        {
            var closest = ClosestIdFinder.Find(name, _models.Select(m => m.Id), 3);
            return new VivgridException(VivgridErrorId.ModelNotFound, VivgridErrorKind.NotFound,
                "Model '" + name + "' was not found." + (closest.Count > 0 ? " Closest: " + string.Join(", ", closest) + "." : string.Empty),
                "Run Get-VivgridModel without -Name to list all models, or add the model to a user catalog ($env:VIVGRID_CATALOG).")
            { Target = name };
        }

        /// <summary>The live ids, or null when offline, no key is configured, or the call failed (then with a warning).</summary>
        private IReadOnlyList<string>? LiveIds()
        {
            if (Offline) return null;
            try
            {
                var connection = VivgridConnection.FromEnvironment(BaseUri, SecureStringReader.ToPlainText(ApiKey), allowUnencryptedAuthentication: false);
                if (connection.ApiKey is null)
                {
                    WriteVerbose("No API key (-ApiKey or $env:VIVGRID_API_KEY): showing the catalog only; Available is unknown.");
                    return null;
                }
                var baseUri = connection.BaseUri;
                var key = connection.ApiKey;
                WriteVerbose("GET " + LiveModelList.ModelsUri(baseUri) + (Refresh ? " (refresh)" : " (cached for this session after the first call)"));
                return new LiveModelList(SharedHttpClient.Instance)
                    .GetIdsAsync(baseUri, key, Refresh, LiveModelList.DefaultTimeout, _stop.Token)
                    .GetAwaiter().GetResult();
            }
            catch (VivgridException ex)
            {
                // The core's messages are built without the key; the catalog is still useful, so this is not an error.
                WriteWarning("The live model list could not be read, showing the catalog only (Available unknown): " + ex.Message);
                return null;
            }
            catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
            {
                // The core turns its own timeouts into Timeout errors; this is a cancel nobody here asked for.
                WriteWarning("The live model list could not be read, showing the catalog only (Available unknown): the request was canceled.");
                return null;
            }
        }
    }
}
