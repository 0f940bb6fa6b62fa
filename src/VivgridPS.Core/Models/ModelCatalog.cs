using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Tokens;

namespace VivgridPS.Core.Models
{
    /// <summary>
    /// The model catalog: the bundled catalog.json (SPEC §4) plus an optional user file named by $env:VIVGRID_CATALOG that
    /// adds entries or overrides fields of existing ones, so new models and price changes need no new release.
    /// Instances are immutable after construction and safe to share between runspaces. Lookups are case-insensitive.
    /// Entries returned by <see cref="Get"/>/<see cref="All"/> are the catalog's own: treat them as read-only and copy
    /// (<see cref="ModelInfoCopier"/>) before handing them to a user.
    /// </summary>
    public sealed class ModelCatalog
    {
        public const string UserCatalogVariable = "VIVGRID_CATALOG";
        private const string ResourceName = "VivgridPS.Core.Models.catalog.json";

        // Parsed on first use only: module import must not pay for it.
        private static readonly Lazy<ModelCatalog> LazyBundled = new Lazy<ModelCatalog>(LoadBundled, isThreadSafe: true);
        private static readonly object CurrentGate = new object();
        private static string? _currentKey;
        private static ModelCatalog? _current;

        private readonly ModelInfo[] _models;
        private readonly Dictionary<string, ModelInfo> _byId;

        private ModelCatalog(IEnumerable<ModelInfo> models)
        {
            _models = models.OrderBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToArray();
            _byId = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
            foreach (var m in _models) _byId[m.Id] = m;
        }

        /// <summary>The bundled catalog alone.</summary>
        public static ModelCatalog Bundled => LazyBundled.Value;

        /// <summary>
        /// Bundled plus the file in $env:VIVGRID_CATALOG as it is now. Rebuilt only when the variable, or the file's size or
        /// write time, changes, so a user can fix the file or point the variable elsewhere within one session.
        /// </summary>
        public static ModelCatalog Current
        {
            get
            {
                string? path = Environment.GetEnvironmentVariable(UserCatalogVariable);
                if (string.IsNullOrWhiteSpace(path)) return Bundled;
                string key = FileKey(path!);
                lock (CurrentGate)
                {
                    if (_current == null || _currentKey != key)
                    {
                        _current = Load(path);
                        _currentKey = key;
                    }
                    return _current;
                }
            }
        }

        public IReadOnlyList<ModelInfo> All => _models;

        /// <summary>Bundled entries overridden/extended by the user catalog at <paramref name="userCatalogPath"/> (null: none).</summary>
        public static ModelCatalog Load(string? userCatalogPath)
        {
            if (string.IsNullOrWhiteSpace(userCatalogPath)) return Bundled;
            byte[] json;
            try
            {
                json = File.ReadAllBytes(userCatalogPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw new VivgridException(VivgridErrorId.CatalogInvalid, VivgridErrorKind.InvalidData,
                    "The model catalog '" + userCatalogPath + "' (from $env:" + UserCatalogVariable + ") cannot be read: " + ex.Message,
                    "Point $env:" + UserCatalogVariable + " at a readable JSON file, or clear it.", inner: ex) { Target = userCatalogPath };
            }
            return Bundled.WithPatches(CatalogJsonReader.Read(json, userCatalogPath!), "user");
        }

        /// <summary>A catalog built from JSON text in the catalog shape alone (no bundled entries); for tests and tools.</summary>
        public static ModelCatalog FromJson(byte[] json, string sourceName) =>
            new ModelCatalog(Array.Empty<ModelInfo>()).WithPatches(CatalogJsonReader.Read(json, sourceName), "user");

        public bool TryGet(string id, out ModelInfo model)
        {
            model = null!;
            return !string.IsNullOrEmpty(id) && _byId.TryGetValue(id, out model!);
        }

        /// <summary>"Model 'x' is not in the catalog. Closest: a, b, c." — shared by every "unknown model" error.</summary>
        public string UnknownModelMessage(string id)
        {
            var closest = SuggestClosest(id);
            return "Model '" + id + "' is not in the catalog." + (closest.Count > 0 ? " Closest: " + string.Join(", ", closest) + "." : string.Empty);
        }

        public IReadOnlyList<string> SuggestClosest(string id, int count = 3) =>
            ClosestIdFinder.Find(id, _models.Select(m => m.Id), count);

        /// <summary>
        /// Copies of the catalog entries marked Available by the live list, plus live-only ids as entries with Origin "live"
        /// and unknown (null) prices. Sorted by id.
        /// </summary>
        public IReadOnlyList<ModelInfo> MergeLive(IEnumerable<string> liveIds)
        {
            var live = new HashSet<string>(liveIds, StringComparer.OrdinalIgnoreCase);
            var merged = _models.Select(ModelInfoCopier.Copy).ToList();
            foreach (var m in merged) m.Available = live.Contains(m.Id);
            foreach (var id in live.Where(id => !_byId.ContainsKey(id)))
            {
                merged.Add(new ModelInfo
                {
                    Id = id,
                    Origin = "live",
                    Available = true,
                    Tokenizer = TokenizerNames.ForModelId(id),
                    Api = ModelFamily.ApiOf(id),
                });
            }
            return merged.OrderBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToList();
        }

        private ModelCatalog WithPatches(IEnumerable<CatalogEntryPatch> patches, string origin)
        {
            var byId = new Dictionary<string, ModelInfo>(_byId.Comparer);
            foreach (var m in _models) byId[m.Id] = m;
            foreach (var patch in patches)
            {
                var model = byId.TryGetValue(patch.Id, out var existing) ? ModelInfoCopier.Copy(existing) : new ModelInfo { Id = patch.Id };
                patch.ApplyTo(model);
                model.Id = existing?.Id ?? patch.Id;
                model.Origin = origin;
                byId[model.Id] = model;
            }
            return new ModelCatalog(byId.Values);
        }

        private static ModelCatalog LoadBundled()
        {
            using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException("The bundled catalog resource " + ResourceName + " is missing from the build.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var patches = CatalogJsonReader.Read(buffer.ToArray(), "bundled catalog.json");
            return new ModelCatalog(patches.Select(p =>
            {
                var m = new ModelInfo { Id = p.Id };
                p.ApplyTo(m);
                m.Origin = "bundled";
                return m;
            }));
        }

        private static string FileKey(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return path + "|" + (info.Exists ? info.Length + "|" + info.LastWriteTimeUtc.Ticks : "missing");
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is UnauthorizedAccessException || ex is PathTooLongException)
            {
                return path + "|unreadable";
            }
        }
    }
}
