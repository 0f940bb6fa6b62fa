using System;
using System.Collections.Generic;

namespace VivgridPS.Core.Models
{
    /// <summary>
    /// The fields one catalog entry states, as setters: applied to a fresh <see cref="ModelInfo"/> it builds a new entry,
    /// applied to a copy of an existing one it overrides only what the user wrote.
    /// </summary>
    internal sealed class CatalogEntryPatch
    {
        private readonly List<Action<ModelInfo>> _setters = new List<Action<ModelInfo>>();

        public string Id { get; set; } = string.Empty;

        public void Set(Action<ModelInfo> setter) => _setters.Add(setter);

        public void ApplyTo(ModelInfo model)
        {
            foreach (var setter in _setters) setter(model);
        }
    }
}
