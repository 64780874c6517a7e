// In-memory storage for the Credo test holder (Credo 0.6.3 ships its in-memory StorageService only in its own test
// folder, and Askar does not install here). Records are kept as JSON per agent context, like Askar keeps them.
import type {
  AgentContext,
  BaseRecord,
  BaseRecordConstructor,
  DependencyManager,
  Module,
  Query,
  QueryOptions,
  StorageService,
  TagsBase,
} from '@credo-ts/core';
import { InjectionSymbols, JsonTransformer, RecordDuplicateError, RecordNotFoundError, StorageVersionRecord } from '@credo-ts/core';

/** Registers a fresh in-memory storage as the agent's StorageService (what Askar's module does with its store). */
export class CredoInMemoryStorageModule implements Module {
  register(dependencyManager: DependencyManager): void {
    dependencyManager.registerInstance(InjectionSymbols.StorageService, new CredoInMemoryStorage());
  }
}

type AnyRecord = BaseRecord<any, any, any>;
interface StoredRecord {
  id: string;
  type: string;
  value: Record<string, unknown>;
  tags: TagsBase;
}

export class CredoInMemoryStorage<T extends AnyRecord = AnyRecord> implements StorageService<T> {
  readonly supportsCursorPagination = false;
  private readonly contexts = new Map<string, Map<string, StoredRecord>>();

  async save(agentContext: AgentContext, record: T): Promise<void> {
    const records = await this.recordsOf(agentContext);
    if (records.has(record.id)) throw new RecordDuplicateError(`Record with id ${record.id} already exists`, { recordType: record.type });
    this.put(records, record);
  }

  async update(agentContext: AgentContext, record: T): Promise<void> {
    const records = await this.recordsOf(agentContext);
    if (!records.has(record.id)) throw new RecordNotFoundError(`record with id ${record.id} not found.`, { recordType: record.type });
    this.put(records, record);
  }

  async delete(agentContext: AgentContext, record: T): Promise<void> {
    await this.deleteById(agentContext, record.constructor as BaseRecordConstructor<T>, record.id);
  }

  async deleteById(agentContext: AgentContext, recordClass: BaseRecordConstructor<T>, id: string): Promise<void> {
    if (!(await this.recordsOf(agentContext)).delete(id))
      throw new RecordNotFoundError(`record with id ${id} not found.`, { recordType: recordClass.type });
  }

  async getById(agentContext: AgentContext, recordClass: BaseRecordConstructor<T>, id: string): Promise<T> {
    const stored = (await this.recordsOf(agentContext)).get(id);
    if (!stored || stored.type !== recordClass.type)
      throw new RecordNotFoundError(`record with id ${id} not found.`, { recordType: recordClass.type });
    return this.instance(stored, recordClass);
  }

  async getAll(agentContext: AgentContext, recordClass: BaseRecordConstructor<T>): Promise<T[]> {
    return this.findByQuery(agentContext, recordClass, {});
  }

  async findByQuery(
    agentContext: AgentContext,
    recordClass: BaseRecordConstructor<T>,
    query: Query<T>,
    options?: QueryOptions,
  ): Promise<T[]> {
    const matching = [...(await this.recordsOf(agentContext)).values()].filter(
      (stored) => stored.type === recordClass.type && matches(stored.tags, query as LooseQuery),
    );
    const offset = options?.offset ?? 0;
    return matching
      .slice(offset, options?.limit === undefined ? undefined : offset + options.limit)
      .map((s) => this.instance(s, recordClass));
  }

  /** A context's records; a new context starts with the framework's storage version record, as a new wallet does. */
  private async recordsOf(agentContext: AgentContext): Promise<Map<string, StoredRecord>> {
    let records = this.contexts.get(agentContext.contextCorrelationId);
    if (!records) {
      records = new Map();
      this.contexts.set(agentContext.contextCorrelationId, records);
      this.put(records, new StorageVersionRecord({ storageVersion: StorageVersionRecord.frameworkStorageVersion }) as unknown as T);
    }
    return records;
  }

  private put(records: Map<string, StoredRecord>, record: T): void {
    record.updatedAt = new Date();
    const value = JsonTransformer.toJSON(record) as Record<string, unknown>;
    delete value['_tags'];
    records.set(record.id, { id: record.id, type: record.type, value, tags: record.getTags() as TagsBase });
  }

  private instance(stored: StoredRecord, recordClass: BaseRecordConstructor<T>): T {
    const record = JsonTransformer.fromJSON<T>(stored.value, recordClass);
    record.id = stored.id;
    record.replaceTags(stored.tags);
    return record;
  }
}

interface LooseQuery {
  $and?: LooseQuery[];
  $or?: LooseQuery[];
  $not?: LooseQuery;
  [tag: string]: unknown;
}

/** Credo's query language over tags: plain equality (arrays: every value present), $and, $or, $not. */
function matches(tags: TagsBase, query: LooseQuery): boolean {
  const { $and, $or, $not, ...simple } = query;
  for (const [name, expected] of Object.entries(simple)) {
    if (expected === undefined) continue;
    const actual = tags[name];
    if (Array.isArray(expected) ? !Array.isArray(actual) || !expected.every((v) => actual.includes(v)) : actual !== expected) return false;
  }
  if ($and && !$and.every((q) => matches(tags, q))) return false;
  if ($or && !$or.some((q) => matches(tags, q))) return false;
  return !($not && matches(tags, $not));
}
