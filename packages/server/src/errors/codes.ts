/**
 * The one table of error codes: HTTP status and messages (zh-CN, en). `{name}` placeholders are filled from
 * the error's params. Routes and services throw `AppError(code)`; the HTTP layer maps it here and nowhere else.
 */
export interface ErrorCodeEntry {
  readonly status: number;
  readonly zh: string;
  readonly en: string;
}

export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, zh: '输入有误：{detail}', en: 'Invalid input: {detail}' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型，请使用 application/json', en: 'Unsupported content type; send application/json' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体过大（上限 {limit}）', en: 'Request body too large (limit {limit})' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  LOGIN_FAILED: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  CSRF_INVALID: { status: 403, zh: '请求缺少有效的 CSRF 令牌（x-csrf-token）', en: 'Missing or invalid CSRF token (x-csrf-token)' },
  FORBIDDEN: { status: 403, zh: '您无权执行此操作', en: 'You are not allowed to do this' },
  OUT_OF_SCOPE: { status: 403, zh: '行政区划 {code} 不在您的管辖范围内', en: 'Jurisdiction {code} is outside your area' },
  NOT_FOUND: { status: 404, zh: '未找到，或您无权查看', en: 'Not found, or not visible to you' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在：{method} {url}', en: 'No such endpoint: {method} {url}' },
  CONFLICT: { status: 409, zh: '与现有数据冲突：{detail}', en: 'Conflicts with existing data: {detail}' },
  RULE_INPUT_INVALID: { status: 422, zh: '{field}：{detail}', en: '{field}: {detail}' },
  PASSWORD_TOO_WEAK: { status: 422, zh: '新密码至少 8 位，且需同时包含字母和数字', en: 'The new password needs at least 8 characters with letters and digits' },
  PASSWORD_WRONG: { status: 422, zh: '当前密码不正确', en: 'The current password is wrong' },
  RATE_LIMITED: { status: 429, zh: '尝试过于频繁，请 {seconds} 秒后再试', en: 'Too many attempts; retry in {seconds} seconds' },
  DATA_DIR_LOCKED: {
    status: 503,
    zh: '数据目录 {dir} 正被另一个 Bangfu 进程（pid {pid}，自 {since}）使用；请先停止它，或用 BANGFU_DATA_DIR 指定其他目录',
    en: 'Data directory {dir} is in use by another Bangfu process (pid {pid}, since {since}); stop it first or choose another BANGFU_DATA_DIR',
  },
  BACKUP_INVALID: { status: 400, zh: '备份文件无效：{detail}', en: 'Invalid backup file: {detail}' },
  RESTORE_TARGET_NOT_EMPTY: { status: 409, zh: '目标数据库已有数据；请使用空库或加 --force', en: 'The target database is not empty; use an empty one or --force' },
  PERSON_DUPLICATE: { status: 409, zh: '该证件号码已有档案（{existingId}），一人只能有一份档案', en: 'A file with this document number already exists ({existingId}); one file per person' },
  PERSON_DUPLICATE_ELSEWHERE: { status: 409, zh: '该证件号码已在其他辖区建档，请联系上级经办机构', en: 'A file with this document number exists outside your area; contact the supervising office' },
  STALE_VERSION: { status: 409, zh: '档案已被他人修改（当前版本 {current}，提交版本 {given}），请刷新后重试', en: 'The file was changed meanwhile (current version {current}, yours {given}); reload and retry' },
  MARK_ALREADY_ACTIVE: { status: 409, zh: '标注 {mark} 已有效（自 {since} 起）', en: 'Mark {mark} is already active (since {since})' },
  MARK_NOT_ACTIVE: { status: 409, zh: '没有有效的标注 {mark}', en: 'There is no active mark {mark}' },
  HOUSEHOLD_MEMBER_ELSEWHERE: { status: 409, zh: '该人员已属于另一个家庭（{householdId}），请先将其移出', en: 'This person already belongs to another household ({householdId}); remove them there first' },
  REGISTRATION_ACTIVE_EXISTS: { status: 409, zh: '该人员已有有效的{kindZh}（登记编号 {registrationNo}），不能重复登记', en: 'This person already has an active {kindEn} registration ({registrationNo}); no second one' },
  REGISTRATION_NOT_ELIGIBLE: { status: 422, zh: '不符合失业登记条件：{detailZh}', en: 'Not eligible for unemployment registration: {detailEn}' },
  REGISTRATION_UNDETERMINED: { status: 422, zh: '资料不全，无法判断登记条件，请补充：{fields}', en: 'Eligibility cannot be decided; missing facts: {fields}' },
  SELF_REPORT_PENDING: { status: 409, zh: '已有一份待核实的就业报告（{startedOn} 起在 {employerName}），请等待经办人员核实', en: 'An employment report is already awaiting verification ({employerName} from {startedOn})' },
  SELF_REPORT_DECIDED: { status: 409, zh: '该报告已处理（{state}），不能再次确认或退回', en: 'This report was already decided ({state})' },
  REGISTRATION_NOT_ACTIVE: { status: 409, zh: '登记 {registrationNo} 已不在有效状态（{state}）', en: 'Registration {registrationNo} is no longer active ({state})' },
  DEREGISTRATION_REFUSED: { status: 422, zh: '依据 {clause} 不予注销：{detailZh}', en: 'Reason "{reason}" may not be used to cancel the registration ({clause}): {detailEn}' },
  DEREGISTRATION_RULE_REQUIRED: { status: 422, zh: '注销理由 other_statutory 须在 rule 中写明所依据的国家或省规定', en: 'Reason other_statutory must name the state or provincial rule relied on in rule' },
  CITIZEN_ACCOUNT_EXISTS: { status: 409, zh: '该证件号码已注册账户，请直接登录', en: 'An account already exists for this document number; please sign in' },
  // Issue 11 (trust): one answer for every sign-up that cannot complete, so it reveals nothing about which files exist.
  CITIZEN_SIGNUP_REFUSED: {
    status: 422,
    zh: '无法据此开通账户。如已在经办机构建档，请携带身份证到经办机构领取开通码后填写；如尚未建档，请选择常住的社区/村；如已开通，请直接登录',
    en: 'An account cannot be opened with these details. If an office holds your file, bring your ID card there for an activation code and enter it; if not, choose your residence community or village; if you already have an account, sign in',
  },
  PERSON_IDENTITY_ALREADY_VERIFIED: { status: 409, zh: '该档案的身份已核实', en: 'The identity on this file is already confirmed' },
  IMPORT_FORMAT_UNSUPPORTED: { status: 415, zh: '不支持的文件“{name}”：请上传 .xlsx 或 .csv 文件', en: 'Unsupported file "{name}": upload an .xlsx or .csv file' },
  IMPORT_FILE_INVALID: { status: 422, zh: '文件无法读取：{detailZh}', en: 'The file cannot be read: {detailEn}' },
  IMPORT_MAPPING_INCOMPLETE: { status: 422, zh: '缺少必填列：{columnsZh}', en: 'Required columns are not mapped: {columnsEn}' },
  IMPORT_STATE_INVALID: { status: 409, zh: '导入任务当前状态为 {state}，不能{actionZh}', en: 'The import job is {state}; cannot {actionEn}' },
  RULE_PACK_INVALID: { status: 422, zh: '规则包 {file} 无效：{field}：{detailZh}', en: 'Rule pack {file} is invalid at {field}: {detailEn}' },
  COMPARISON_FILE_INVALID: { status: 422, zh: '比对文件无法读取：{detailZh}', en: 'The comparison file cannot be read: {detailEn}' },
  COMPARISON_COLUMNS_MISSING: { status: 422, zh: '比对文件缺少必需列：{columnsZh}（文件表头：{headers}）', en: 'The comparison file lacks required columns: {columnsEn} (file headers: {headers})' },
  // Issue 11 (trust), comparison: an employment finding whose file named no employer.
  COMPARISON_EMPLOYER_NAME_REQUIRED: { status: 422, zh: '比对文件未提供用人单位名称（仅有统一社会信用代码 {creditCode}），确认时请填写 employerName', en: 'The file gives no employer name (only credit code {creditCode}); enter employerName to confirm' },
  COMPARISON_STATE_INVALID: { status: 409, zh: '比对任务当前状态为 {state}，不能{actionZh}', en: 'The comparison run is {state}; cannot {actionEn}' },
  COMPARISON_FINDING_DECIDED: { status: 409, zh: '该比对结果已处理（{state}）', en: 'This finding has already been decided ({state})' },
  WORKFLOW_STATE_INVALID: { status: 409, zh: '{resourceZh}当前状态为 {state}，不能{actionZh}', en: 'The {resourceEn} is {state}; cannot {actionEn}' },
  MAKER_CHECKER: { status: 403, zh: '不得审批本人提交的申请或本人办理过的环节（{stepZh}，由 {by} 办理；{clause}）', en: 'You may not approve an application you submitted or a step you performed ({stepEn}, done by {by}; {clause})' },
  ASSISTANCE_OPEN_EXISTS: { status: 409, zh: '该人员已有进行中的认定申请或有效认定（{applicationNo}，{state}）', en: 'This person already has an application in progress or a recognition in force ({applicationNo}, {state})' },
  ASSISTANCE_NOT_ELIGIBLE: { status: 422, zh: '不符合就业困难人员认定条件（{clause}）：{detailZh}', en: 'Does not meet the difficulty-person criteria ({clause}): {detailEn}' },
  ASSISTANCE_NOTICE_RUNNING: { status: 422, zh: '公示期 {workingDays} 个工作日至 {noticeEnds} 止（{clause}），期满前不得认定', en: 'The {workingDays}-working-day public notice runs to {noticeEnds} ({clause}); no recognition before it ends' },
  ASSISTANCE_OBJECTION_OPEN: { status: 409, zh: '公示期间有 {count} 件异议尚未处理，认定中止（{clause}）', en: '{count} objection(s) raised during the public notice are unresolved; recognition is suspended ({clause})' },
  ASSISTANCE_NOTICE_REQUIRED: { status: 409, zh: '未经公示不得认定：申请当前为“{stateZh}”，须经县级审核通过并公示 {workingDays} 个工作日（{clause}）', en: 'No recognition without the public notice: the application is {state}; it needs the county review and a {workingDays}-working-day notice ({clause})' },
  POST_FULL: { status: 409, zh: '岗位“{post}”已满（{places} 个名额，{clause}）', en: 'Post "{post}" is full ({places} places, {clause})' },
  POST_NOT_QUALIFIED: { status: 422, zh: '不符合公益性岗位安置条件（{clause}）：{detailZh}', en: 'Not qualified for a public-welfare post ({clause}): {detailEn}' },
  POST_TERM_EXCEEDED: { status: 422, zh: '合同期限至 {requested}，超过允许的 {allowed}（{clause}）', en: 'A contract to {requested} exceeds the allowed end {allowed} ({clause})' },
  ATTACHMENT_EMPTY: { status: 400, zh: '附件为空（{field}）', en: 'The attachment is empty ({field})' },
  ATTACHMENT_TYPE_UNSUPPORTED: { status: 415, zh: '附件“{name}”不是可接受的文件类型（可接受：{accepted}）', en: 'Attachment "{name}" is not an accepted kind of file (accepted: {accepted})' },
  ATTACHMENT_NOT_OF_PERSON: { status: 422, zh: '附件 {id} 不属于该人员，不能引用', en: 'Attachment {id} does not belong to this person and cannot be referred to' },
  // Issue 11 (trust): text guard, audit-first reads, login lockout, attachment names.
  TEXT_REFUSED: { status: 400, zh: '字段 {field} {reasonZh}', en: 'Field {field} {reasonEn}' },
  AUDIT_UNAVAILABLE: { status: 503, zh: '审计记录无法写入，为保护个人信息未返回数据，请稍后重试', en: 'The audit entry could not be written, so no data was returned; please retry later' },
  LOGIN_LOCKED: { status: 429, zh: '登录失败次数过多，请 {seconds} 秒后再试', en: 'Too many failed sign-ins; retry in {seconds} seconds' },
  ATTACHMENT_NAME_INVALID: { status: 400, zh: '附件文件名（file.filename）{reasonZh}', en: 'The attachment file name (file.filename) {reasonEn}' },
  MULTIPART_FIELD_UNEXPECTED: { status: 400, zh: '不接受的表单字段“{field}”：只能上传一个 file 文件部分', en: 'Unexpected form field "{field}": send exactly one file part named file' },
  // Issue 11 (trust): service records.
  SERVICE_DATE_IN_FUTURE: { status: 422, zh: '服务日期 {servedOn} 晚于今天（{today}，以系统应用时钟为准），不能记录未来的服务', en: 'servedOn {servedOn} is later than today per the application clock ({today}); a future service cannot be recorded' },
  SERVICE_CONTENT_REQUIRED: { status: 422, zh: '{typeZh}计入服务义务，须填写服务内容（content，去除首尾空格后至少 {min} 个字）', en: 'A {type} counts towards an obligation and needs its content (content, at least {min} characters after trimming)' },
  SERVICE_DUPLICATE: { status: 409, zh: '与已有记录 {existingId} 相同（同一人员、服务类型、日期 {servedOn} 和内容），未重复记录', en: 'Identical to the existing record {existingId} (same person, service type, date {servedOn} and content); not recorded twice' },
  // issue 11 (trust, data at rest)
  IMPORT_REPORT_EXPIRED: { status: 410, zh: '该导入的未导入行报告已按保留期（{days} 天）删除', en: 'The rejected-rows report of this import was deleted after the retention period ({days} days)' },
  // Issue 13: employers, job postings, recommendations.
  EMPLOYER_CREDIT_CODE_INVALID: { status: 400, zh: '统一社会信用代码 {code} 无效：{detailZh}', en: 'Unified social credit code {code} is invalid: {detailEn}' },
  EMPLOYER_EXISTS: { status: 409, zh: '统一社会信用代码 {creditCode} 的单位已登记', en: 'An employer with credit code {creditCode} is already registered' },
  OCCUPATION_UNKNOWN: { status: 400, zh: '职业代码 {code} 不在职业分类大典（已导入的职业分类）中', en: 'Occupation code {code} is not in the occupational classification (as imported)' },
  POSTING_PAY_RANGE: { status: 400, zh: '薪酬下限 {min} 元高于上限 {max} 元', en: 'The pay minimum {min} yuan is above the maximum {max} yuan' },
  POSTING_DATES: { status: 400, zh: '有效期开始日 {from} 晚于结束日 {to}', en: 'The validity starts ({from}) after it ends ({to})' },
  POSTING_FORBIDDEN_CONDITION: { status: 400, zh: '岗位信息含有法律禁止的招聘条件：{detailZh}', en: 'The posting contains a condition the law forbids: {detailEn}' },
  POSTING_NOT_OPEN: { status: 409, zh: '岗位“{title}”不能推荐：{detailZh}', en: 'Posting "{title}" cannot be recommended: {detailEn}' },
  JOB_TRANSITION_REFUSED: { status: 409, zh: '推荐结果不能由“{from}”变为“{to}”：{detailZh}', en: 'A recommendation cannot go from {from} to {to}: {detailEn}' },
  // issue 15 (messages)
  MESSAGE_TEMPLATE_VARIABLE_UNKNOWN: { status: 422, zh: '模板中有未知变量 {variables}；可用变量：{fields}', en: 'The template uses unknown variables {variables}; available: {fields}' },
  MESSAGE_RECEIPT_SIGNATURE_INVALID: { status: 401, zh: '回执签名无效（x-sms-signature），未处理', en: 'The receipt signature (x-sms-signature) is invalid; nothing was processed' },
  MESSAGE_NOT_RESENDABLE: { status: 409, zh: '消息当前状态为 {state}，只有发送失败或暂缓的消息可以重发', en: 'The message is {state}; only failed or held messages can be resent' },
  MESSAGE_LETTER_BATCH_STATE: { status: 409, zh: '信函批次当前状态为 {state}，不能确认为 {step}', en: 'The letter batch is {state}; it cannot be confirmed as {step}' },
  // Issue 14: policies, subsidies and training.
  POLICY_NOT_IN_FORCE: { status: 422, zh: '政策“{policyId}”在 {on} 对区划 {code} 不在有效期内', en: 'Policy "{policyId}" is not in force for {code} on {on}' },
  POLICY_NOT_ELIGIBLE: { status: 422, zh: '不符合“{policyName}”条件（{clause}）：{detailZh}', en: 'Does not qualify for "{policyName}" ({clause}): {detailEn}' },
  SUBSIDY_DUPLICATE: { status: 409, zh: '同一对象、政策和期间（{period}）已有申请 {applicationNo}（{state}{paidOn}），不重复发放（{clause}）', en: 'The same beneficiary already has application {applicationNo} ({state}{paidOn}) for this policy and period {period}; no second payment ({clause})' },
  SUBSIDY_STATE_INVALID: { status: 409, zh: '申请 {applicationNo} 当前为“{state}”，不能{actionZh}', en: 'Application {applicationNo} is {state}; cannot {actionEn}' },
  SUBSIDY_SAME_REVIEWER: { status: 409, zh: '审核与复核须由不同人员办理：初审人不能复核本申请', en: 'Maker–checker: the reviewer who proposed the decision cannot confirm it' },
  PAYMENT_BATCH_EMPTY: { status: 409, zh: '没有待发放的已核准申请', en: 'There are no approved applications waiting for payment' },
  PAYMENT_BATCH_PAID: { status: 409, zh: '支付批次 {batchNo} 已于 {paidOn} 标记为已发放，不能再次导出或发放', en: 'Payment batch {batchNo} was marked paid on {paidOn}; it cannot be exported or paid again' },
  TRAINING_FULL: { status: 409, zh: '培训项目“{title}”名额已满（{seats} 人）', en: 'Training programme "{title}" is full ({seats} seats)' },
  TRAINING_ENROLLED: { status: 409, zh: '该人员已报名培训项目“{title}”', en: 'The person is already enrolled in "{title}"' },
  INTERNAL: { status: 500, zh: '服务器内部错误（编号 {requestId}）', en: 'Internal server error (request {requestId})' },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;
