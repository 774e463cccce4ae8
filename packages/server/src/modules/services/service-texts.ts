/** Names of service types, channels and job-recommendation results (CODES.md), for diaries, printed lists and worklists. */
import type { ServiceType } from '@bangfu/rules';

/** Service type names (CODES.md), for diaries and printed lists. */
export const SERVICE_TYPE_ZH: Record<ServiceType, string> = {
  registration_service: '登记服务',
  information_service: '信息服务',
  policy_service: '政策服务',
  business_service: '业务经办',
  career_guidance: '职业指导',
  job_recommendation: '岗位推荐',
  training_recommendation: '培训推荐',
  policy_briefing: '政策宣介',
  job_search_skills: '求职技巧指导',
  entrepreneurship_service: '创业服务',
  counselling: '心理疏导',
  job_tasting: '职业体验',
  internship: '就业见习',
  recruitment_event: '专场招聘',
  public_welfare_post: '公益性岗位安置',
  follow_up: '跟踪回访',
  referral_civil_affairs: '转介民政',
  assistance_plan: '援助计划（一人一策）',
  other: '其他服务',
};
export const CHANNEL_ZH: Record<string, string> = { in_person: '现场', home_visit: '入户走访', phone: '电话', sms: '短信', online: '线上', data_comparison: '数据比对' };
export const RESULT_ZH: Record<string, string> = { pending: '待反馈', interviewed: '已面试', hired: '已录用', declined: '未接受' };

/** Until service catalogues exist, the content of a counted service is a description of at least this many characters. */
export const MIN_CONTENT_CHARS = 4;
