/**
 * The open-data catalogue read as a data portal reads it: as JSON-LD, with a JSON-LD processor
 * (`jsonld`) that may load only the vendored W3C DCAT 3 vocabulary and DCAT-AP 3.0.1 context (see
 * test/fixtures/README.md), never the network.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import jsonld, { type JsonLdDocument, type NodeObject } from 'jsonld';
import type { RemoteDocument } from 'jsonld/jsonld-spec';
import { startTestApp, type TestApp } from '../helpers/test-app';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_TYPE = '@type';
const IANA_MEDIA_TYPES = 'http://www.iana.org/assignments/media-types/';
const LICENCE_OUVERTE_2_0 = 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/';

const fixture = (path: string): JsonLdDocument => JSON.parse(readFileSync(resolve(__dirname, '../fixtures/dcat', path), 'utf8'));
const W3C_DCAT_3 = fixture('w3c/dcat3.jsonld');
const DCAT_AP_CONTEXT_URL = 'https://semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld';
const DCAT_AP_CONTEXT = fixture('dcat-ap-3.0.1/dcat-ap.jsonld') as { '@context': Record<string, unknown> };
/**
 * The published DCAT-AP 3.0.1 context defines five terms (`Xsd:dateTime`…) that a JSON-LD 1.1
 * processor refuses ("term in form of IRI must expand to definition"): a bug of that file. They name
 * datatypes, which no DCAT-AP property term uses; the test reads the context without them.
 */
const DCAT_AP_CONTEXT_READABLE = {
  '@context': Object.fromEntries(Object.entries(DCAT_AP_CONTEXT['@context']).filter(([term]) => !term.startsWith('Xsd:'))),
};
/** What the processor may load: the vendored files at the addresses they are published at. */
const VENDORED: Record<string, JsonLdDocument> = {
  'https://www.w3.org/ns/dcat.jsonld': W3C_DCAT_3,
  'https://www.w3.org/ns/dcat3.jsonld': W3C_DCAT_3,
  [DCAT_AP_CONTEXT_URL]: DCAT_AP_CONTEXT_READABLE as JsonLdDocument,
};
const loaded: string[] = [];
const documentLoader = async (url: string): Promise<RemoteDocument> => {
  loaded.push(url);
  if (!(url in VENDORED)) throw new Error(`the test may not fetch ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: VENDORED[url] as RemoteDocument['document'] };
};

type Node = NodeObject & Record<string, Array<{ '@id'?: string; '@value'?: string; '@type'?: string; '@language'?: string }>>;

/** The graph's nodes by IRI (jsonld.flatten gathers every description of a node in one place). */
async function nodesOf(document: JsonLdDocument): Promise<Map<string, Node>> {
  const flat = (await jsonld.flatten(document, null as never, { documentLoader })) as unknown as Node[];
  return new Map(flat.map((node) => [node['@id'] as string, node]));
}

const ids = (node: Node, property: string): string[] => (node[property] ?? []).map((value) => value['@id'] as string);
const types = (node: Node): string[] => (node[RDF_TYPE] ?? []) as unknown as string[];

describe('open data: the DCAT-AP catalogue', () => {
  let testApp: TestApp;
  let body: JsonLdDocument;

  beforeAll(async () => {
    testApp = await startTestApp();
    const response = await testApp.anonymous().get('/api/open-data/catalog.json').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/ld\+json/);
    body = JSON.parse(response.text);
    // Conditional GET still answers 304 to the current tag.
    await testApp.anonymous().get('/api/open-data/catalog.json').set('If-None-Match', response.headers.etag).expect(304);
  });
  afterAll(() => testApp.close());

  it('expands with a JSON-LD processor into the catalogue, every dataset with its distributions and the publisher', async () => {
    loaded.length = 0;
    const nodes = await nodesOf(body);
    expect(loaded).toEqual([]); // the context is in the document: nothing to fetch
    const [catalog] = [...nodes.values()].filter((node) => types(node).includes(`${DCAT}Catalog`));
    expect(catalog['@id']).toBe(`${testApp.publicUrl}/api/open-data/catalog.json`);
    const [publisher] = ids(catalog, `${DCT}publisher`).map((id) => nodes.get(id) as Node);
    expect(types(publisher)).toEqual([`${FOAF}Agent`]);
    expect(publisher[`${FOAF}name`]).toEqual([{ '@value': 'Pass numérique', '@language': 'fr' }]);
    expect(ids(catalog, `${DCT}license`)).toEqual([LICENCE_OUVERTE_2_0]);

    const datasets = ids(catalog, `${DCAT}dataset`).map((id) => nodes.get(id) as Node);
    expect(datasets.map((dataset) => dataset[`${DCT}identifier`][0]['@value'])).toEqual([
      'lieux-mediation-numerique',
      'registre-qualifications',
      'usage-pass-numerique',
      'couverture-des-fonds',
      'entonnoir-pass-numerique',
      'delais-paiement-lieux',
    ]);
    const downloads: string[] = [];
    for (const dataset of datasets) {
      expect(types(dataset)).toEqual([`${DCAT}Dataset`]);
      expect(dataset[`${DCT}title`]).toHaveLength(1);
      expect(dataset[`${DCT}description`]).toHaveLength(1);
      expect(ids(dataset, `${DCT}publisher`)).toEqual([publisher['@id']]);
      expect(ids(dataset, `${DCT}license`)).toEqual([LICENCE_OUVERTE_2_0]);
      expect(ids(dataset, `${DCT}conformsTo`)).toEqual([expect.stringMatching(/^https?:\/\//)]);
      const distributions = ids(dataset, `${DCAT}distribution`).map((id) => nodes.get(id) as Node);
      expect(distributions.length).toBeGreaterThanOrEqual(2);
      for (const distribution of distributions) {
        expect(types(distribution)).toEqual([`${DCAT}Distribution`]);
        const [accessUrl] = ids(distribution, `${DCAT}accessURL`);
        const [downloadUrl] = ids(distribution, `${DCAT}downloadURL`);
        const [mediaType] = ids(distribution, `${DCAT}mediaType`);
        expect(accessUrl).toBe(downloadUrl);
        expect(mediaType.startsWith(IANA_MEDIA_TYPES)).toBe(true);
        expect(ids(distribution, `${DCT}license`)).toEqual([LICENCE_OUVERTE_2_0]);
        // The file is there, of the media type the catalogue says.
        const file = await testApp.anonymous().get(new URL(downloadUrl).pathname).expect(200);
        expect([downloadUrl, file.headers['content-type'].split(';')[0]]).toEqual([downloadUrl, mediaType.slice(IANA_MEDIA_TYPES.length)]);
        downloads.push(downloadUrl);
      }
    }
    expect(downloads).toHaveLength(14);
    // Every resource has its own IRI: no blank node.
    expect([...nodes.keys()].filter((id) => id.startsWith('_:'))).toEqual([]);
  });

  it('types every date as what it holds: xsd:dateTime for an instant, xsd:date for a day', async () => {
    const dates = [...(await nodesOf(body)).values()].flatMap((node) => [
      ...(node[`${DCT}modified`] ?? []),
      ...(node[`${DCT}issued`] ?? []),
    ]);
    expect(dates.length).toBeGreaterThanOrEqual(12);
    for (const date of dates) {
      const lexical =
        date['@type'] === `${XSD}date` ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
      expect([date['@type'], lexical.test(date['@value'] as string)]).toEqual([expect.stringMatching(/#date(Time)?$/), true]);
      expect(Number.isNaN(Date.parse(date['@value'] as string))).toBe(false);
    }
  });

  it('uses only terms of the W3C DCAT 3 vocabulary, classes as classes and properties as properties', async () => {
    const vocabulary = await nodesOf(W3C_DCAT_3);
    const kinds = (iri: string): string[] => types(vocabulary.get(iri) ?? ({} as Node));
    const nodes = [...(await nodesOf(body)).values()];
    const classes = new Set(nodes.flatMap(types).filter((iri) => iri.startsWith(DCAT)));
    const properties = new Set(nodes.flatMap((node) => Object.keys(node)).filter((iri) => iri.startsWith(DCAT)));
    expect([...classes].sort()).toEqual([`${DCAT}Catalog`, `${DCAT}Dataset`, `${DCAT}Distribution`]);
    for (const iri of classes) expect([iri, kinds(iri)]).toEqual([iri, expect.arrayContaining(['http://www.w3.org/2002/07/owl#Class'])]);
    expect(properties.size).toBeGreaterThanOrEqual(7);
    for (const iri of properties)
      expect([iri, kinds(iri).some((kind) => /#(Property|ObjectProperty|DatatypeProperty)$/.test(kind))]).toEqual([iri, true]);
  });

  it('reads as DCAT-AP 3.0.1: compacted with its context, the mandatory properties are all there', async () => {
    const compacted = (await jsonld.compact(body, DCAT_AP_CONTEXT_URL as never, { documentLoader })) as unknown as Record<string, unknown>;
    expect(compacted['@type']).toBe('Catalogue');
    expect(compacted).toEqual(
      expect.objectContaining({ title: [expect.anything()], description: [expect.anything()], publisher: expect.anything() }),
    );
    const datasets = compacted.dataset as Array<Record<string, unknown>>;
    expect(datasets).toHaveLength(6);
    for (const dataset of datasets) {
      expect(dataset).toEqual(
        expect.objectContaining({
          '@type': 'Dataset',
          title: [expect.anything()],
          description: [expect.anything()],
          publisher: expect.anything(),
        }),
      );
      const distributions = dataset.datasetDistribution as Array<Record<string, unknown>>;
      expect(distributions.length).toBeGreaterThanOrEqual(2);
      for (const distribution of distributions)
        expect(distribution).toEqual(
          expect.objectContaining({
            '@type': 'Distribution',
            accessUrl: expect.anything(),
            downloadUrl: expect.anything(),
            mediaType: expect.anything(),
            licence: LICENCE_OUVERTE_2_0,
          }),
        );
    }
  });

  it('the W3C publishes DCAT 3 as a vocabulary, not a context: used as one, it knows no dataset (why the context is in the document)', async () => {
    const expanded = await jsonld.expand(
      { '@context': 'https://www.w3.org/ns/dcat.jsonld', '@type': 'Catalog', dataset: [{ title: 'x' }] },
      { documentLoader },
    );
    expect(JSON.stringify(expanded)).not.toContain(`${DCAT}dataset`);
  });
});
