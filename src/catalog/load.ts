/**
 * Loading and validating hardware catalogs: the shipped one (data/catalog.json) and the
 * user's own (`--catalog file`, JSON or YAML). Validation failures become an InputError whose
 * problems read `<file>: <field.path>: expected <what>, got <value>`, one per line.
 */
import { readShippedJson } from '../io/shipped-file.js';
import { parseDocumentText, type DocumentFormat } from '../io/workload-file.js';
import { loadDocument } from '../io/load-document.js';
import { validateDocument } from '../io/validate-document.js';
import { CatalogSchema, type Catalog, type Category, type DiskOption, type InstanceType, type Provider } from './schema.js';

/** data/catalog.json, resolved relative to this module (src/catalog/ under vitest, dist/catalog/ after tsc). */
export const DEFAULT_CATALOG_URL = new URL('../../data/catalog.json', import.meta.url);

/** What a catalog file is, in problem lines. */
const CATALOG = 'a hardware catalog (a mapping with "version: 1", "instanceTypes" and "diskOptions")';

let cachedDefault: Catalog | undefined;

/**
 * The shipped catalog, read once and cached. It ships with the tool and test/catalog.test.ts checks
 * that the stored file is exactly what CatalogSchema parses it to (no defaults to fill, no
 * duplicate keys), so it is read as plain JSON: validating 90 kB with zod and scanning it for
 * duplicate keys was a tenth of `rmq-plan size`'s start-up (docs/measurements/startup.md).
 */
export function loadDefaultCatalog(): Catalog {
  if (cachedDefault === undefined) {
    cachedDefault = readShippedJson(DEFAULT_CATALOG_URL, 'hardware catalog') as Catalog;
  }
  return cachedDefault;
}

/** A user catalog file (JSON, or YAML for .yaml/.yml; other names sniffed), validated. Throws InputError on any problem. */
export function loadCatalogFile(path: string): Catalog {
  return loadDocument(path, CatalogSchema, CATALOG);
}

/** Validate catalog text (the same reading and messages as workload files). `where` names the file in problem lines. */
export function parseCatalogText(text: string, where: string, format: DocumentFormat): Catalog {
  return validateCatalog(parseDocumentText(text, where, format), where);
}

/** Validate already-parsed data as a catalog. */
export function validateCatalog(data: unknown, where: string): Catalog {
  return validateDocument(data, where, CatalogSchema, CATALOG);
}

export interface InstanceFilter {
  providers?: readonly Provider[];
  /** Family names, e.g. "m6i", "n2-standard", "Dsv5" (case-insensitive). */
  families?: readonly string[];
  /** Instance type names, e.g. "m6i.xlarge", "Standard_D4s_v5" (case-insensitive). */
  names?: readonly string[];
  categories?: readonly Category[];
}

/**
 * Instance types that pass every given filter. An absent filter allows everything; a present
 * filter is an allow-list (an empty list allows nothing). Pure: the catalog is not modified.
 */
export function filterInstanceTypes(catalog: Catalog, filter: InstanceFilter = {}): InstanceType[] {
  const families = lowerSet(filter.families);
  const names = lowerSet(filter.names);
  return catalog.instanceTypes.filter(
    (it) =>
      (filter.providers === undefined || filter.providers.includes(it.provider)) &&
      (families === undefined || families.has(it.family.toLowerCase())) &&
      (names === undefined || names.has(it.name.toLowerCase())) &&
      (filter.categories === undefined || filter.categories.includes(it.category)),
  );
}

export interface DiskFilter {
  providers?: readonly Provider[];
  /** Disk option names, e.g. "gp3", "pd-ssd" (case-insensitive). */
  names?: readonly string[];
  media?: readonly DiskOption['media'][];
}

/** Disk options that pass every given filter (same rules as filterInstanceTypes). */
export function filterDiskOptions(catalog: Catalog, filter: DiskFilter = {}): DiskOption[] {
  const names = lowerSet(filter.names);
  return catalog.diskOptions.filter(
    (d) =>
      (filter.providers === undefined || filter.providers.includes(d.provider)) &&
      (names === undefined || names.has(d.name.toLowerCase())) &&
      (filter.media === undefined || filter.media.includes(d.media)),
  );
}

// ---------------------------------------------------------------------------------------------

function lowerSet(values: readonly string[] | undefined): Set<string> | undefined {
  return values === undefined ? undefined : new Set(values.map((v) => v.toLowerCase()));
}
